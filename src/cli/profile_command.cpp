#include <cstdio>
#include <memory>

#include "cli/commands.hpp"
#include "cli/input_options.hpp"
#include "hotspot/analysis/profile.hpp"
#include "hotspot/io/atomic_file.hpp"

namespace hotspot::cli {
namespace {

struct ProfileFlags {
  InputFlags input;
  std::string json_path;
  bool quiet = false;
};

}  // namespace

void register_profile_command(CLI::App& app) {
  auto flags = std::make_shared<ProfileFlags>();
  auto* sub = app.add_subcommand("profile",
                                 "Summarise incidents after filtering: counts by type, month, district and LSOA, "
                                 "distinct locations, concentration, bounds and rejected rows");
  add_input_options(*sub, flags->input);
  add_stream_options(*sub, flags->input);
  sub->add_option("--json", flags->json_path, "Also write the profile as JSON to this file")->group("Output");
  sub->add_flag("--quiet,-q", flags->quiet, "Do not print the profile (use with --json)")->group("Output");
  add_config_options(*sub);
  sub->callback([flags, sub] {
    if (handled_write_config(*sub)) return;
    // Batch by batch with --stream: the profile never holds more than one batch of rows.
    ProfileBuilder builder;
    const PreparedIncidents prepared = prepare_from_flags(
        flags->input, [&](const Incidents& batch, const PreparedIncidents& context) { builder.add(batch, context.harm); });
    const Profile profile = builder.finish(prepared);
    if (!flags->json_path.empty()) write_file_atomically(flags->json_path, profile_to_json(profile));
    if (!flags->quiet) std::fputs(profile_to_text(profile).c_str(), stdout);
  });
}

}  // namespace hotspot::cli
