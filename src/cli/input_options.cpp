#include "cli/input_options.hpp"

#include <cstdio>
#include <sstream>

#include "hotspot/core/error.hpp"
#include "hotspot/io/atomic_file.hpp"
#include "hotspot/io/rejects_writer.hpp"
#include "hotspot/pipeline/stream.hpp"

namespace hotspot::cli {
namespace {

Bounds parse_bbox(const std::string& text) {
  std::vector<double> values;
  std::stringstream stream(text);
  std::string part;
  while (std::getline(stream, part, ',')) {
    try {
      std::size_t used = 0;
      values.push_back(std::stod(part, &used));
      if (used != part.size()) throw std::invalid_argument(part);
    } catch (const std::exception&) {
      throw Error(ErrorCode::usage, "filters.bbox", "--bbox \"" + text + "\": \"" + part + "\" is not a number");
    }
  }
  if (values.size() != 4) {
    throw Error(ErrorCode::usage, "filters.bbox", "--bbox needs four numbers: min_x,min_y,max_x,max_y");
  }
  return Bounds{values[0], values[1], values[2], values[3]};
}

}  // namespace

void add_input_options(CLI::App& command, InputFlags& flags) {
  ReadOptions& read = flags.prepare.read;
  FilterOptions& filter = flags.prepare.filter;
  command.add_option("inputs", read.inputs,
                     "Incident files, folders, globs or .zip archives of police.uk *-street.csv[.gz], other CSV, "
                     "any OGR vector source, or a PG: connection string (required; may come from --config)");
  auto* in = "Input";
  command.add_option("--format", flags.format, "Input format (auto: police.uk by name or header, CSV, else OGR)")
      ->check(CLI::IsMember({"auto", "police-uk", "csv", "ogr"}))
      ->default_val("auto")
      ->group(in);
  command.add_option("--x-field", read.x_field, "CSV column with x / longitude")->group(in);
  command.add_option("--y-field", read.y_field, "CSV column with y / latitude")->group(in);
  command.add_option("--wkt-field", read.wkt_field, "CSV column with WKT points (instead of --x-field/--y-field)")
      ->group(in);
  command.add_option("--crs", read.crs,
                     "CRS of the input coordinates (CSV default EPSG:4326; overrides a layer's own CRS)")
      ->group(in);
  command.add_option("--time-field", read.time_field,
                     "Column with timestamps (ISO 8601, dd/mm/yyyy HH:MM)")
      ->group(in);
  command.add_option("--month-field", read.month_field, "Column with YYYY-MM months")->group(in);
  command.add_option("--category-field", read.category_field, "Column with the crime type / category")->group(in);
  command.add_option("--weight-field", read.weight_field, "Numeric column to weight incidents by")->group(in);
  command.add_option("--location-field", read.location_field, "Column describing the place")->group(in);
  command.add_option("--layer", read.layer, "Layer of a multi-layer source (GeoPackage, PostGIS table)")->group(in);
  command.add_option("--where", read.where, "OGR attribute filter on the input (SQL WHERE syntax)")->group(in);

  auto* fl = "Filters";
  command.add_option("--types", filter.types, "Crime types to keep (police.uk names, case-insensitive; comma-separated)")
      ->delimiter(',')
      ->group(fl);
  command.add_option("--from", filter.from, "First month or date kept (YYYY-MM, YYYY-MM-DD)")->group(fl);
  command.add_option("--to", filter.to, "Last month or date kept, inclusive (YYYY-MM, YYYY-MM-DD)")->group(fl);
  command.add_option("--within", flags.within, "Keep incidents inside these polygons (any OGR polygon layer)")->group(fl);
  command.add_option("--within-layer", [&flags](const CLI::results_t& r) {
           if (!flags.prepare.filter.within) flags.prepare.filter.within = AreaSource{};
           flags.prepare.filter.within->layer = r.front();
           return true;
         }, "Layer of the --within source")
      ->needs("--within")
      ->group(fl);
  command.add_option("--within-where", [&flags](const CLI::results_t& r) {
           if (!flags.prepare.filter.within) flags.prepare.filter.within = AreaSource{};
           flags.prepare.filter.within->where = r.front();
           return true;
         }, "Attribute filter on the --within polygons, e.g. \"lad17nm = 'St Albans'\"")
      ->needs("--within")
      ->group(fl);
  command.add_option("--bbox", flags.bbox, "Keep incidents inside min_x,min_y,max_x,max_y (in --bbox-crs)")->group(fl);
  command.add_option("--bbox-crs", filter.bbox_crs, "CRS of --bbox")->default_val("EPSG:4326")->group(fl);

  auto* an = "Analysis";
  command.add_option("--working-crs", flags.prepare.working_crs,
                     "Projected CRS in metres for the analysis (default: EPSG:27700 in Great Britain, else the UTM zone)")
      ->group(an);
  command.add_option("--weight", flags.weight, "Weight per incident: count (1 each), harm (crime-harm table), field")
      ->check(CLI::IsMember({"count", "harm", "field"}))
      ->default_val("count")
      ->group(an);
  command.add_option("--harm-weights", flags.prepare.harm_weights_path,
                     "Crime-harm table CSV (crime_type,weight) replacing the bundled one")
      ->group(an);
  command.add_option("--rejects", flags.rejects_path, "Write every rejected row with its reason to this CSV")
      ->group("Output");
}

PrepareOptions resolve_input_options(const InputFlags& flags) {
  PrepareOptions options = flags.prepare;
  options.read.format = flags.format == "police-uk" ? SourceFormat::police_uk
                        : flags.format == "csv"     ? SourceFormat::csv
                        : flags.format == "ogr"     ? SourceFormat::ogr
                                                    : SourceFormat::auto_detect;
  options.weight = flags.weight == "harm" ? WeightMode::harm : flags.weight == "field" ? WeightMode::field : WeightMode::count;
  if (!options.read.weight_field.empty() && flags.weight == "count") options.weight = WeightMode::field;
  if (!flags.bbox.empty()) options.filter.bbox = parse_bbox(flags.bbox);
  if (!flags.within.empty()) {
    if (!options.filter.within) options.filter.within = AreaSource{};
    options.filter.within->path = flags.within;
  }
  return options;
}

void add_stream_options(CLI::App& command, InputFlags& flags) {
  command.add_flag("--stream", flags.stream,
                   "Read the sources a batch at a time (national volumes): memory grows with the distinct "
                   "locations and the grid, not the rows")
      ->group("Input");
  command.add_option("--stream-batch", flags.stream_batch, "Sources per batch with --stream (0: one per read thread)")
      ->needs("--stream")
      ->group("Input");
}

PreparedIncidents prepare_from_flags(const InputFlags& flags, const BatchObserver& observe) {
  const PrepareOptions options = resolve_input_options(flags);
  PreparedIncidents prepared;
  if (flags.stream) {
    LocationTotals totals;
    StreamSummary summary =
        stream_incidents(options, flags.stream_batch, [&](const Incidents& batch, const PreparedIncidents& context) {
          totals.add(batch);
          if (observe) observe(batch, context);
        });
    prepared = std::move(summary.context);
    prepared.incidents = totals.collapsed(prepared.crs.definition);
    std::fprintf(stderr, "hotspot: streamed %zu batches (at most %zu incidents at once); %llu incidents at %zu locations\n",
                 summary.batches, summary.largest_batch_rows, static_cast<unsigned long long>(totals.incidents()),
                 totals.locations());
  } else {
    prepared = prepare_incidents(options);
    if (observe) observe(prepared.incidents, prepared);
  }
  report_account(prepared);
  if (!flags.rejects_path.empty()) write_rejects_csv(prepared.account, options.read, flags.rejects_path);
  return prepared;
}

void report_account(const PreparedIncidents& prepared, const std::string& label) {
  const RowAccount& account = prepared.account;
  const char* l = label.c_str();
  std::fprintf(stderr, "hotspot: %srows read %llu, used %llu, rejected %llu\n", l,
               static_cast<unsigned long long>(account.read), static_cast<unsigned long long>(account.used()),
               static_cast<unsigned long long>(account.rejected()));
  for (std::size_t r = 0; r < kRejectReasonCount; ++r) {
    if (account.rejected_by_reason[r] == 0) continue;
    const auto reason = static_cast<RejectReason>(r);
    std::fprintf(stderr, "hotspot: %s  rejected %llu: %s (%s)\n", l,
                 static_cast<unsigned long long>(account.rejected_by_reason[r]), std::string(reject_reason_id(reason)).c_str(),
                 std::string(reject_reason_text(reason)).c_str());
  }
  for (const auto& note : prepared.notes) std::fprintf(stderr, "hotspot: %snote: %s\n", l, note.c_str());
}

}  // namespace hotspot::cli

namespace hotspot::cli {

void add_config_options(CLI::App& command) {
  // The file itself is read by the top-level app (see hotspot_main.cpp): CLI11 2.1 reads
  // config files only there, with one [section] per subcommand. This option documents it
  // in the command's help and lets `--config` be written after the subcommand name.
  command.add_option("--config")
      ->description("Read settings from this TOML file (a [" + command.get_name() +
                    "] section); flags given on the command line win")
      ->group("Settings")
      ->configurable(false);
  command.add_option("--write-config", "Write all settings with their defaults as a commented TOML file, then stop")
      ->group("Settings");
}

bool handled_write_config(CLI::App& command) {
  const CLI::Option* option = command.get_option("--write-config");
  if (option->count() == 0) return false;
  const std::string path = option->as<std::string>();
  std::string text = "# hotspot " + command.get_name() + " settings. Lines starting with # are comments.\n"
                     "# Use with: hotspot " + command.get_name() + " --config " + path + " ...\n\n"
                     "[" + command.get_name() + "]\n";
  std::string body = command.config_to_str(true, true);
  // Settings that only make sense on the command line are left out of the file.
  for (const char* key : {"write-config=", "config="}) {
    for (std::size_t at; (at = body.find(std::string("\n") + key)) != std::string::npos;) {
      const std::size_t end = body.find('\n', at + 1);
      body.erase(at, end == std::string::npos ? std::string::npos : end - at);
    }
  }
  // Settings without a default (a file to name, an automatic choice) are written commented
  // out: read back as "" they would mean an empty path or number.
  std::string kept;
  for (std::size_t start = 0; start < body.size();) {
    std::size_t end = body.find('\n', start);
    if (end == std::string::npos) end = body.size();
    const std::string line = body.substr(start, end - start);
    const bool unset = line.size() > 3 && line.compare(line.size() - 3, 3, "=\"\"") == 0 && line[0] != '#';
    kept += (unset ? "#" + line : line) + "\n";
    start = end + 1;
  }
  text += kept;
  write_file_atomically(path, text);
  std::fprintf(stderr, "hotspot: wrote %s\n", path.c_str());
  return true;
}

}  // namespace hotspot::cli
