// PNG export: a picture is told from a blank page; the browser is found or its absence named.
// (The export itself, in headless Chromium, is checked by the plan_sample_report_png and
// html_report_png tests.)
#include "hotspot/report/png_export.hpp"

#include <string>
#include <vector>

#include <gdal.h>
#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"
#include "test_support.hpp"

namespace hotspot::report {
namespace {

/// A w × h RGB PNG, white, with `ink` pixels coloured (each a different colour).
void write_png(const std::string& path, int w, int h, int ink) {
  GDALAllRegister();
  GDALDatasetH mem = GDALCreate(GDALGetDriverByName("MEM"), "", w, h, 3, GDT_Byte, nullptr);
  std::vector<unsigned char> band(static_cast<std::size_t>(w * h), 255);
  for (int b = 1; b <= 3; ++b) {
    for (int i = 0; i < ink; ++i) band[static_cast<std::size_t>(i * 7 % (w * h))] = static_cast<unsigned char>((i * b * 13) % 200);
    ASSERT_EQ(GDALRasterIO(GDALGetRasterBand(mem, b), GF_Write, 0, 0, w, h, band.data(), w, h, GDT_Byte, 0, 0), CE_None);
    std::fill(band.begin(), band.end(), 255);
  }
  GDALDatasetH png = GDALCreateCopy(GDALGetDriverByName("PNG"), path.c_str(), mem, FALSE, nullptr, nullptr, nullptr);
  ASSERT_NE(png, nullptr);
  GDALClose(png);
  GDALClose(mem);
}

TEST(CheckPng, TellsAPictureFromABlankPage) {
  testing::ScratchDir dir("png");
  write_png(dir.file("blank.png"), 200, 100, 0);
  write_png(dir.file("speck.png"), 200, 100, 20);     // 0.1% of the pixels
  write_png(dir.file("picture.png"), 200, 100, 2000);  // 10%
  const PngCheck blank = check_png(dir.file("blank.png"));
  EXPECT_EQ(blank.width, 200);
  EXPECT_EQ(blank.height, 100);
  EXPECT_EQ(blank.ink_share, 0.0);
  EXPECT_EQ(blank.colours, 1U);
  EXPECT_TRUE(blank.blank());
  const PngCheck speck = check_png(dir.file("speck.png"));
  EXPECT_NEAR(speck.ink_share, 20.0 / 20000.0, 1e-12);
  EXPECT_TRUE(speck.blank());
  const PngCheck picture = check_png(dir.file("picture.png"));
  EXPECT_NEAR(picture.ink_share, 2000.0 / 20000.0, 1e-12);
  EXPECT_GE(picture.colours, 8U);
  EXPECT_FALSE(picture.blank());
  testing::write_text(dir.file("not.png"), "not a picture");
  EXPECT_THROW((void)check_png(dir.file("not.png")), Error);
}

TEST(ExportPngs, NamesAMissingBrowser) {
  testing::ScratchDir dir("png");
  testing::write_text(dir.file("report.html"), "<!DOCTYPE html><html></html>");
  PngExportOptions options;
  options.chromium = "no-such-browser-anywhere";
  try {
    (void)export_pngs(dir.file("report.html"), {"map"}, dir.file("png"), options);
    FAIL() << "no browser";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::usage);
    EXPECT_NE(std::string(e.what()).find("Chromium"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(dir.file("png")));
}

}  // namespace
}  // namespace hotspot::report
