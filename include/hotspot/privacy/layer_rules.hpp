#pragma once

#include "hotspot/pipeline/prepare.hpp"
#include "hotspot/privacy/publish.hpp"

/// The publishing rules of each standard layer (docs/publishing.md, "Per command"), declared
/// once: the single commands (`density`, `gistar`, `trends`, `clusters`, `cctv`, `patrol`) and
/// `hotspot plan` publish the same layer the same way. k and the grid are left at their
/// defaults; callers set them.
namespace hotspot::privacy {

/// True when location texts (police.uk "Location") may be published: they come from police.uk
/// files, which are public, and not from a user's --location-field.
[[nodiscard]] bool location_text_is_public(const PrepareOptions& input);

/// Density hotspot polygons: `incidents`, with the `crime_types` breakdown.
[[nodiscard]] PublishOptions hotspot_polygon_rules();
/// Gi* cells: `incidents` (incidents per cell; `value` is the weighted sum).
[[nodiscard]] PublishOptions gistar_rules();
/// Emerging hot spots: `incident_count`; `incidents` (the summed weight) nulled below k.
[[nodiscard]] PublishOptions emerging_rules();
/// Cluster ellipses: `incidents`, `crime_types`, and `top_locations` (dropped unless public).
[[nodiscard]] PublishOptions cluster_rules(bool locations_public);
/// Cameras: `incidents_in_view`; new and cumulative counts with the weight, harm and share
/// computed from them; `top_types`; `reason` dropped (free text with small counts and the
/// distance to the nearest incident), `nearest_location` unless public; easting/northing
/// rounded with the point.
[[nodiscard]] PublishOptions camera_rules(bool locations_public);
/// Camera view polygons: `incidents_in_view`.
[[nodiscard]] PublishOptions coverage_rules();
/// Before publishing: moves each new camera's view polygon (coverage `kind` "new", matched by
/// `rank`) by the offset rounding gives the camera point, so the view is drawn around the
/// published point and its centre does not give the exact site away. The view's shape is the
/// one seen from the exact site. `cameras` is the layer before publishing. Returns the
/// polygons moved.
std::size_t move_views_with_cameras(VectorLayer& coverage, const VectorLayer& cameras, double grid_m);
/// Hotspots the cameras miss: `incidents`, and `incidents_seen` with its weight and share.
[[nodiscard]] PublishOptions uncovered_hotspot_rules();
/// Patrol places: `incidents`; the peak-time text (with its `n=`) and statistics dropped, and
/// `location` unless public.
[[nodiscard]] PublishOptions patrol_area_rules(bool locations_public);

/// Intervention evaluation areas (evaluation_areas): `before` counts the feature's incidents
/// (a treated, buffer or control area below k in the before window is removed); `after` is
/// nulled below k with the change and the finding, which quote it.
[[nodiscard]] PublishOptions evaluation_area_rules();
/// Before publishing the evaluation areas: the treated area, its buffer and its control
/// split the study area between them, so once a treated or buffer count of a window is below
/// k (to be withheld) the control's count of that window is withheld too (nulled with the
/// change and finding); otherwise the study area's total, published elsewhere, would give the
/// small count back by subtraction. Returns the counts nulled.
std::size_t withhold_evaluation_complements(VectorLayer& areas, std::int64_t min_count);
/// Area summaries (area_rates, area_change): `incidents` in the period; `incidents_before`
/// nulled below k with the change, its test and class; `main_types` a breakdown; the share
/// of the study area's total dropped (with the published counts it gives the total, and the
/// total gives a suppressed area back).
[[nodiscard]] PublishOptions area_summary_rules();
/// Named hot spots: `incidents`; `incidents_before` nulled below k; `crime_types` a
/// breakdown; `location` unless public.
[[nodiscard]] PublishOptions named_hotspot_rules(bool locations_public);

}  // namespace hotspot::privacy
