#include "hotspot/step/input.hpp"

#include <array>
#include <sstream>

#include "hotspot/core/error.hpp"
#include "hotspot/filter/focus.hpp"
#include "hotspot/io/rejects_writer.hpp"
#include "hotspot/pipeline/stream.hpp"

namespace hotspot::step {
namespace {

constexpr std::array<Choice<SourceFormat>, 4> kFormats{{{"auto", SourceFormat::auto_detect},
                                                        {"police-uk", SourceFormat::police_uk},
                                                        {"csv", SourceFormat::csv},
                                                        {"ogr", SourceFormat::ogr}}};
constexpr std::array<Choice<Focus>, 5> kFocus{{{"all", Focus::all},
                                              {"asb", Focus::asb},
                                              {"violence", Focus::violence},
                                              {"acquisitive", Focus::acquisitive},
                                              {"harm", Focus::harm}}};
constexpr std::array<Choice<WeightMode>, 3> kWeights{
    {{"count", WeightMode::count}, {"harm", WeightMode::harm}, {"field", WeightMode::field}}};

Bounds parse_bbox(const std::string& text) {
  const auto usage = [](const std::string& detail) { return Error(ErrorCode::usage, "filters.bbox", "--bbox " + detail); };
  std::vector<double> values;
  std::stringstream stream(text);
  std::string part;
  while (std::getline(stream, part, ',')) {
    try {
      std::size_t used = 0;
      values.push_back(std::stod(part, &used));
      if (used != part.size()) throw std::invalid_argument(part);
    } catch (const std::exception&) {
      throw usage("\"" + text + "\": \"" + part + "\" is not a number");
    }
  }
  if (values.size() != 4) throw usage("needs four numbers: min_x,min_y,max_x,max_y");
  return Bounds{values[0], values[1], values[2], values[3]};
}

AreaSource& area(std::optional<AreaSource>& target) {
  if (!target) target = AreaSource{};
  return *target;
}

}  // namespace

void declare_layer(Declarer& d, const std::string& name, std::optional<AreaSource>& target, const std::string& what,
                   bool with_where) {
  d.custom(name, ValueKind::text, target ? target->path : std::string(),
           [&target](const std::string& v) { area(target).path = v; }, what)
      .role(Role::layer);
  d.custom(name + "-layer", ValueKind::text, target ? target->layer : std::string(),
           [&target](const std::string& v) { area(target).layer = v; }, "Layer of --" + name)
      .needs(name);
  if (with_where) {
    d.custom(name + "-where", ValueKind::text, target ? target->where : std::string(),
             [&target](const std::string& v) { area(target).where = v; }, "OGR attribute filter on --" + name)
        .needs(name);
  }
}

void declare_input(Declarer& d, InputSettings& input, bool streamable) {
  ReadOptions& read = input.prepare.read;
  FilterOptions& filter = input.prepare.filter;
  const std::string saved = d.current_group();
  d.group("Input");
  d.texts("inputs", read.inputs,
          "Incident files, folders, globs or .zip archives of police.uk *-street.csv[.gz], other CSV, any OGR vector "
          "source, or a PG: connection string (required; may come from --config)")
      .positional()
      .role(Role::incidents);
  d.choice<SourceFormat>("format", read.format, kFormats, "Input format (auto: police.uk by name or header, CSV, else OGR)");
  d.text("x-field", read.x_field, "CSV column with x / longitude").advanced();
  d.text("y-field", read.y_field, "CSV column with y / latitude").advanced();
  d.text("wkt-field", read.wkt_field, "CSV column with WKT points (instead of --x-field/--y-field)").advanced();
  d.text("crs", read.crs, "CRS of the input coordinates (CSV default EPSG:4326; overrides a layer's own CRS)").advanced();
  d.text("time-field", read.time_field, "Column with timestamps (ISO 8601, dd/mm/yyyy HH:MM)").advanced();
  d.text("month-field", read.month_field, "Column with YYYY-MM months").advanced();
  d.text("category-field", read.category_field, "Column with the crime type / category").advanced();
  d.text("weight-field", read.weight_field, "Numeric column to weight incidents by").advanced();
  d.text("location-field", read.location_field, "Column describing the place").advanced();
  d.text("layer", read.layer, "Layer of a multi-layer source (GeoPackage, PostGIS table)").advanced();
  d.text("where", read.where, "OGR attribute filter on the input (SQL WHERE syntax)").advanced();
  if (streamable) {
    d.flag("stream", input.stream,
           "Read the sources a batch at a time (national volumes): memory grows with the distinct locations and the "
           "grid, not the rows");
    d.integer("stream-batch", input.stream_batch, "Sources per batch with --stream (0: one per read thread)")
        .needs("stream")
        .advanced();
  }

  d.group("Filters");
  d.texts("types", filter.types, "Crime types to keep (police.uk names, case-insensitive; comma-separated)");
  d.text("from", filter.from, "First month or date kept (YYYY-MM, YYYY-MM-DD)");
  d.text("to", filter.to, "Last month or date kept, inclusive (YYYY-MM, YYYY-MM-DD)");
  d.custom("within", ValueKind::text, "", [&filter](const std::string& v) { area(filter.within).path = v; },
           "Keep incidents inside these polygons (any OGR polygon layer)")
      .role(Role::layer);
  d.custom("within-layer", ValueKind::text, "", [&filter](const std::string& v) { area(filter.within).layer = v; },
           "Layer of the --within source")
      .needs("within");
  d.custom("within-where", ValueKind::text, "", [&filter](const std::string& v) { area(filter.within).where = v; },
           "Attribute filter on the --within polygons, e.g. \"lad17nm = 'St Albans'\"")
      .needs("within");
  d.custom("bbox", ValueKind::text, "", [&input](const std::string& v) { input.bbox = parse_bbox(v); },
           "Keep incidents inside min_x,min_y,max_x,max_y (in --bbox-crs)");
  d.text("bbox-crs", filter.bbox_crs, "CRS of --bbox").advanced();

  d.group("Analysis");
  d.text("working-crs", input.prepare.working_crs,
         "Projected CRS in metres for the analysis (default: EPSG:27700 in Great Britain, else the UTM zone)").advanced();
  d.choice<Focus>("focus", input.prepare.focus, kFocus,
                  "What to look at, the same in every command: all; asb (anti-social behaviour only); violence "
                  "(violence and sexual offences, robbery, weapons); acquisitive (burglary, robbery, vehicle crime, "
                  "thefts, shoplifting); harm (every type, weighed by the crime-harm table) (docs/focus.md)")
      .excludes("types");
  d.choice<WeightMode>("weight", input.prepare.weight, kWeights,
                       "Weight per incident: count (1 each), harm (crime-harm table), field");
  d.text("harm-weights", input.prepare.harm_weights_path,
         "Crime-harm table CSV (crime_type,weight) replacing the bundled one")
      .role(Role::file).advanced();
  d.group("Output");
  d.text("rejects", input.rejects_path, "Write every rejected row with its reason to this CSV").role(Role::output_file);
  d.group(saved);
}

PrepareOptions resolve_input(const InputSettings& input) {
  PrepareOptions options = input.prepare;
  if (!options.read.weight_field.empty() && options.weight == WeightMode::count) options.weight = WeightMode::field;
  if (input.bbox) options.filter.bbox = input.bbox;
  return options;
}

PreparedIncidents prepare_input(const InputSettings& input, Messages& messages, const BatchObserver& observe) {
  const PrepareOptions options = resolve_input(input);
  PreparedIncidents prepared;
  if (input.stream) {
    LocationTotals totals;
    StreamSummary summary =
        stream_incidents(options, input.stream_batch, [&](const Incidents& batch, const PreparedIncidents& context) {
          totals.add(batch);
          if (observe) observe(batch, context);
        });
    prepared = std::move(summary.context);
    prepared.incidents = totals.collapsed(prepared.crs.definition);
    messages.status("streamed " + std::to_string(summary.batches) + " batches (at most " +
                    std::to_string(summary.largest_batch_rows) + " incidents at once); " +
                    std::to_string(totals.incidents()) + " incidents at " + std::to_string(totals.locations()) +
                    " locations");
  } else {
    prepared = prepare_incidents(options);
    if (observe) observe(prepared.incidents, prepared);
  }
  report_account(prepared, messages);
  if (!input.rejects_path.empty()) write_rejects_csv(prepared.account, options.read, input.rejects_path);
  return prepared;
}

void report_account(const PreparedIncidents& prepared, Messages& messages, const std::string& label) {
  const RowAccount& account = prepared.account;
  messages.status(label + "rows read " + std::to_string(account.read) + ", used " + std::to_string(account.used()) +
                  ", rejected " + std::to_string(account.rejected()));
  for (std::size_t r = 0; r < kRejectReasonCount; ++r) {
    if (account.rejected_by_reason[r] == 0) continue;
    const auto reason = static_cast<RejectReason>(r);
    messages.status(label + "  rejected " + std::to_string(account.rejected_by_reason[r]) + ": " +
                    std::string(reject_reason_id(reason)) + " (" + std::string(reject_reason_text(reason)) + ")");
  }
  for (const auto& note : prepared.notes) {
    if (label.empty()) {
      messages.note(note);
    } else {
      messages.status(label + "note: " + note);
    }
  }
}

PreparedIncidents prepare_other(const PreparedIncidents& main, const std::vector<std::string>& sources,
                                bool keep_period, Messages& messages, const std::string& label) {
  PrepareOptions options = main.options;
  options.read.inputs = sources;
  options.working_crs = main.incidents.crs;
  if (!keep_period) {
    options.filter.from.clear();
    options.filter.to.clear();
  }
  PreparedIncidents other = prepare_incidents(options);
  report_account(other, messages, label);
  return other;
}

}  // namespace hotspot::step
