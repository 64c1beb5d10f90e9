#pragma once

#include <filesystem>
#include <string>
#include <vector>

/// PNG pictures of a written report's map and charts, for Word and PDF papers, drawn by the
/// same headless Chromium that opens the report in the tests (Debian's `chromium`).
namespace hotspot::report {

struct PngExportOptions {
  /// The browser; empty: the first of chromium, chromium-browser, google-chrome on PATH.
  std::string chromium;
  int map_width = 1400;    ///< CSS pixels: the map with its legend below it
  int map_height = 1100;
  int chart_width = 1200;  ///< CSS pixels: one chart with its title and caption
  int chart_height = 680;
  /// Device pixels per CSS pixel: 2 prints sharp at a page's width.
  int scale = 2;
  /// Seconds one browser run may take before it is stopped (and the export fails).
  int timeout_s = 120;
};

/// What a PNG shows, for telling a picture from a blank one.
struct PngCheck {
  int width = 0;
  int height = 0;
  /// Pixels whose colour differs from the most common colour (the background), as a share.
  double ink_share = 0;
  std::size_t colours = 0;  ///< distinct colours (counted up to 4096)
  /// A picture has ink on at least 0.2% of its pixels and at least 8 colours (text, lines and
  /// fills, anti-aliased); a blank or single-colour page has neither.
  [[nodiscard]] bool blank() const { return ink_share < 0.002 || colours < 8; }
};

/// Reads a PNG (with GDAL) and measures it. Throws Error(input) when it is not a PNG.
[[nodiscard]] PngCheck check_png(const std::filesystem::path& png);

/// One exported figure.
struct ExportedPng {
  std::string figure;           ///< "map" or a chart id
  std::filesystem::path path;
  PngCheck check;
};

/// Screenshots each of `figures` (ids from figure_ids: "map", chart ids) of the report at
/// `html` into `out_dir`/<id>.png, each on its own, filling the picture: the page is opened as
/// report.html#hs-figure=<id>. First the whole page is opened once and must finish drawing with
/// no script error; then each PNG must not be blank (check_png). Files are written atomically;
/// `out_dir` is created. The browser runs without network access to anything but the page's
/// own tile server (none for an offline report), with a throw-away profile.
/// Throws Error(usage) when no browser is found, (output) when the browser fails, times out,
/// the page reports an error or a picture is blank.
std::vector<ExportedPng> export_pngs(const std::filesystem::path& html, const std::vector<std::string>& figures,
                                     const std::filesystem::path& out_dir, const PngExportOptions& options = {});

}  // namespace hotspot::report
