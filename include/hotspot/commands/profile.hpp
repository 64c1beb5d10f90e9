#pragma once

#include "hotspot/analysis/profile.hpp"
#include "hotspot/pipeline/prepare.hpp"
#include "hotspot/step/command.hpp"
#include "hotspot/step/options.hpp"
#include "hotspot/step/output_sink.hpp"

namespace hotspot::commands {

/// `hotspot profile`: what the incidents are once read and filtered.
struct ProfileOptions {
  hotspot::ProfileOptions profile;  ///< the concentration shares and how many busiest locations are listed
};

/// Declares the profile options (group "Profile").
void declare_profile(step::Declarer& d, ProfileOptions& options);

/// Id of the profile as JSON.
inline constexpr const char* kProfileJson = "profile.json";

/// Counts the incidents, prints the profile (sink.messages().print) and writes it as JSON
/// (kProfileJson; withheld under --publish: it lists exact locations and the input paths).
Profile run_profile(const PreparedIncidents& prepared, const ProfileOptions& options, step::OutputSink& sink);

/// What run_profile does once it has counted: for a profile built batch by batch (--stream).
void write_profile(const Profile& profile, step::OutputSink& sink);

[[nodiscard]] step::CommandSpec profile_command();

}  // namespace hotspot::commands
