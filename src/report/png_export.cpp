#include "hotspot/report/png_export.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>
#include <unordered_map>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gdal.h>

#include "hotspot/core/error.hpp"
#include "hotspot/io/atomic_file.hpp"

#include "io/gdal_handles.hpp"

extern char** environ;

namespace hotspot::report {
namespace {

constexpr const char* kStage = "report.png";

[[noreturn]] void fail(const std::string& what) { throw Error(ErrorCode::output, kStage, what); }

std::string find_browser(const std::string& wanted) {
  if (!wanted.empty()) {
    if (wanted.find('/') != std::string::npos) return access(wanted.c_str(), X_OK) == 0 ? wanted : "";
  }
  const char* path = std::getenv("PATH");
  const std::vector<std::string> names =
      wanted.empty() ? std::vector<std::string>{"chromium", "chromium-browser", "google-chrome"} : std::vector<std::string>{wanted};
  for (const auto& name : names) {
    std::stringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
      const std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + name;
      if (access(candidate.c_str(), X_OK) == 0) return candidate;
    }
  }
  return "";
}

/// A folder that is removed with everything in it when this goes out of scope.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "hotspot-png-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) fail("cannot make a temporary folder: " + std::string(std::strerror(errno)));
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

std::string file_url(const std::filesystem::path& file) {
  static const char* hex = "0123456789ABCDEF";
  std::string url = "file://";
  for (const unsigned char c : std::filesystem::absolute(file).lexically_normal().string()) {
    if (std::isalnum(c) != 0 || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      url += static_cast<char>(c);
    } else {
      url += '%';
      url += hex[c >> 4];
      url += hex[c & 15];
    }
  }
  return url;
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Runs the browser with `arguments`, its output to `log`, in its own process group (the
/// browser starts helpers; they are all stopped with it). Returns its exit status.
int run_browser(const std::string& browser, const std::vector<std::string>& arguments, const std::filesystem::path& scratch,
                const std::filesystem::path& out, int timeout_s) {
  std::vector<std::string> argv_text{browser};
  argv_text.insert(argv_text.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  // The browser's home is the scratch folder: nothing is left in the user's.
  std::vector<std::string> env_text{"HOME=" + scratch.string()};
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::strncmp(*e, "HOME=", 5) != 0) env_text.emplace_back(*e);
  }
  std::vector<char*> env;
  for (auto& e : env_text) env.push_back(e.data());
  env.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  pid_t pid = 0;
  const int started = posix_spawn(&pid, browser.c_str(), &actions, &attributes, argv.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (started != 0) fail("cannot start " + browser + ": " + std::strerror(started));

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  int status = 0;
  for (;;) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) fail("lost the browser process: " + std::string(std::strerror(errno)));
    if (std::chrono::steady_clock::now() > deadline) {
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      fail("the browser did not finish within " + std::to_string(timeout_s) + " s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(-pid, SIGKILL);  // helpers it left behind, if any
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

std::vector<std::string> common_flags(const std::filesystem::path& profile) {
  std::vector<std::string> flags{"--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
                                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                                 "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
                                 "--virtual-time-budget=15000", "--user-data-dir=" + profile.string()};
  // Chromium refuses to run as root inside its sandbox; the page is our own, offline.
  if (geteuid() == 0) flags.emplace_back("--no-sandbox");
  return flags;
}

/// The attribute's value in the first tag holding `id="…"` of the dumped page, or empty.
std::string status_attribute(const std::string& dom, const std::string& attribute) {
  const std::size_t tag = dom.find("id=\"hs-status\"");
  if (tag == std::string::npos) return "";
  const std::size_t end = dom.find('>', tag);
  const std::string key = attribute + "=\"";
  const std::size_t at = dom.find(key, tag);
  if (at == std::string::npos || at > end) return "";
  return dom.substr(at + key.size(), dom.find('"', at + key.size()) - at - key.size());
}

}  // namespace

PngCheck check_png(const std::filesystem::path& png) {
  detail::register_gdal_drivers();
  const char* drivers[] = {"PNG", nullptr};
  detail::DatasetHandle ds(GDALOpenEx(png.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, drivers, nullptr, nullptr));
  if (!ds) throw Error(ErrorCode::input, ErrorContext{kStage, png.string(), std::nullopt, {}}, "is not a PNG GDAL can read");
  auto* handle = static_cast<GDALDatasetH>(ds.get());
  PngCheck check;
  check.width = GDALGetRasterXSize(handle);
  check.height = GDALGetRasterYSize(handle);
  const int bands = std::min(GDALGetRasterCount(handle), 4);
  const auto pixels = static_cast<std::size_t>(check.width) * static_cast<std::size_t>(check.height);
  if (pixels == 0 || bands == 0) return check;
  std::vector<unsigned char> data(pixels * static_cast<std::size_t>(bands));
  int band_list[] = {1, 2, 3, 4};
  if (GDALDatasetRasterIO(handle, GF_Read, 0, 0, check.width, check.height, data.data(), check.width, check.height, GDT_Byte,
                          bands, band_list, bands, static_cast<GSpacing>(bands) * check.width, 1) != CE_None) {
    throw Error(ErrorCode::input, ErrorContext{kStage, png.string(), std::nullopt, {}}, "cannot be read");
  }
  std::unordered_map<std::uint32_t, std::size_t> histogram;
  for (std::size_t i = 0; i < pixels; ++i) {
    std::uint32_t colour = 0;
    for (int b = 0; b < bands; ++b) colour = colour << 8 | data[i * static_cast<std::size_t>(bands) + static_cast<std::size_t>(b)];
    ++histogram[colour];
  }
  std::size_t background = 0;
  for (const auto& [colour, n] : histogram) background = std::max(background, n);
  check.ink_share = 1.0 - static_cast<double>(background) / static_cast<double>(pixels);
  check.colours = std::min<std::size_t>(histogram.size(), 4096);
  return check;
}

std::vector<ExportedPng> export_pngs(const std::filesystem::path& html, const std::vector<std::string>& figures,
                                     const std::filesystem::path& out_dir, const PngExportOptions& options) {
  const std::string browser = find_browser(options.chromium);
  if (browser.empty()) {
    throw Error(ErrorCode::usage, kStage,
                "PNG export needs headless Chromium (Debian package chromium), and " +
                    (options.chromium.empty() ? std::string("none of chromium, chromium-browser, google-chrome is on PATH")
                                              : "\"" + options.chromium + "\" is not a program"));
  }
  if (!std::filesystem::is_regular_file(html)) {
    throw Error(ErrorCode::input, ErrorContext{kStage, html.string(), std::nullopt, {}}, "no such report");
  }
  for (const auto& id : figures) {
    if (id.empty() || !std::all_of(id.begin(), id.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_'; })) {
      throw Error(ErrorCode::usage, kStage, "figure id \"" + id + "\" may hold only letters, digits, '-' and '_'");
    }
  }
  if (options.scale < 1 || options.scale > 4 || options.map_width < 200 || options.map_height < 200 ||
      options.chart_width < 200 || options.chart_height < 200 || options.timeout_s < 1) {
    throw Error(ErrorCode::usage, kStage, "PNG sizes must be 200 pixels or more, the scale 1 to 4 and the time limit 1 s or more");
  }
  const ScratchDir scratch;
  const std::string url = file_url(html);

  // The whole page once: it must finish drawing, with no error, and hold every figure.
  const std::filesystem::path dom_file = scratch.path() / "page.html";
  std::vector<std::string> args = common_flags(scratch.path() / "profile");
  args.insert(args.end(), {"--window-size=1280,900", "--dump-dom", url});
  // --dump-dom writes the page on stdout, the browser's log on stderr: the log is left out.
  const int code = run_browser(browser, args, scratch.path(), dom_file, options.timeout_s);
  const std::string dom = read_text(dom_file);
  if (code != 0 || status_attribute(dom, "data-status") != "ready") {
    fail("the report did not finish drawing in " + browser + " (exit " + std::to_string(code) + ")");
  }
  if (status_attribute(dom, "data-errors") != "0") fail("the report recorded script errors in " + browser);
  for (const auto& id : figures) {
    if (dom.find("id=\"figure-" + id + "\"") == std::string::npos) fail("the report has no figure \"" + id + "\"");
  }

  std::filesystem::create_directories(out_dir);
  std::vector<ExportedPng> exported;
  for (const auto& id : figures) {
    const bool is_map = id == "map";
    const int width = is_map ? options.map_width : options.chart_width;
    const int height = is_map ? options.map_height : options.chart_height;
    const std::filesystem::path shot = scratch.path() / (id + ".png");
    std::vector<std::string> shot_args = common_flags(scratch.path() / "profile");
    shot_args.insert(shot_args.end(), {"--window-size=" + std::to_string(width) + "," + std::to_string(height),
                                       "--force-device-scale-factor=" + std::to_string(options.scale),
                                       "--screenshot=" + shot.string(), url + "#hs-figure=" + id});
    const int shot_code = run_browser(browser, shot_args, scratch.path(), scratch.path() / (id + ".log"), options.timeout_s);
    if (shot_code != 0 || !std::filesystem::is_regular_file(shot)) {
      fail("the browser made no picture of figure \"" + id + "\" (exit " + std::to_string(shot_code) + ")");
    }
    ExportedPng png{id, out_dir / (id + ".png"), check_png(shot)};
    if (png.check.blank()) {
      fail("the picture of figure \"" + id + "\" is blank (" + std::to_string(png.check.colours) + " colours)");
    }
    write_file_atomically(png.path, read_text(shot));
    exported.push_back(std::move(png));
  }
  return exported;
}

}  // namespace hotspot::report
