#include "hotspot/commands/profile.hpp"

#include <string>

#include "hotspot/step/input.hpp"

namespace hotspot::commands {

void declare_profile(step::Declarer& d, ProfileOptions& options) {
  d.group("Profile");
  d.integer("top-locations", options.profile.top_locations, "Busiest locations listed");
}

void write_profile(const Profile& profile, step::OutputSink& sink) {
  sink.file(kProfileJson, profile_to_json(profile), "it lists exact locations and the input paths");
  sink.messages().print(profile_to_text(profile));
}

Profile run_profile(const PreparedIncidents& prepared, const ProfileOptions& options, step::OutputSink& sink) {
  Profile profile = profile_incidents(prepared, options.profile);
  write_profile(profile, sink);
  return profile;
}

namespace {

/// `hotspot profile` on the command line.
struct ProfileCommand {
  step::InputSettings input;
  ProfileOptions profile;
  std::string json;
  bool quiet = false;
};

void declare_profile_command(step::Declarer& d, ProfileCommand& c) {
  step::declare_input(d, c.input, /*streamable=*/true);
  declare_profile(d, c.profile);
  d.group("Output");
  d.text("out", c.json, "Also write the profile as JSON to this file")
      .short_name('o')
      .deprecated("json")
      .role(step::Role::output_file);
  step::declare_quiet(d, c.quiet, "Do not print the profile (use with --json)");
}

void run_profile_command(const ProfileCommand& c, const step::Declarer&, step::Messages& messages) {
  step::SinkLayout layout;
  layout.paths[kProfileJson] = c.json;
  step::QuietMessages quiet(messages, c.quiet);
  step::FileSink sink("profile", layout, {}, true, quiet);
  if (c.input.stream) {
    // Batch by batch: the profile never holds more than one batch of rows.
    ProfileBuilder builder(c.profile.profile);
    const PreparedIncidents context = step::prepare_input(
        c.input, quiet, [&](const Incidents& batch, const PreparedIncidents& batch_context) {
          builder.add(batch, batch_context.harm);
        });
    write_profile(builder.finish(context), sink);
  } else {
    (void)run_profile(step::prepare_input(c.input, quiet), c.profile, sink);
  }
  sink.commit();
}

}  // namespace

step::CommandSpec profile_command() {
  return step::make_command<ProfileCommand>(
      "profile",
      "Summarise incidents after filtering: counts by type, month, district and LSOA, distinct locations, "
      "concentration, bounds and rejected rows",
      {{kProfileJson, step::OutputKind::text, "profile.json", "the profile as JSON", false}},
      declare_profile_command, run_profile_command);
}

}  // namespace hotspot::commands
