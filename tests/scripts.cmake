# Script-level tests: whole-program checks against independent recounts, and the services
# tests need. A script exits 77 to report itself skipped (with its reason on stdout).

set(HOTSPOT_PYTHON /usr/bin/python3)
set(HOTSPOT_CHECK_PROFILE ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_profile_counts.py)

add_test(NAME profile_counts_sample
         COMMAND ${HOTSPOT_PYTHON} ${HOTSPOT_CHECK_PROFILE} $<TARGET_FILE:hotspot_cli> ${HOTSPOT_SAMPLE_DIR}/police_uk)
add_test(NAME profile_counts_sample_filtered
         COMMAND ${HOTSPOT_PYTHON} ${HOTSPOT_CHECK_PROFILE} $<TARGET_FILE:hotspot_cli> ${HOTSPOT_SAMPLE_DIR}/police_uk
                 --types "Anti-social behaviour,vehicle crime" --from 2018-04 --to 2018-09)
# The real Hertfordshire months in ../shared/data (optional: skipped where absent).
add_test(NAME profile_counts_shared_hertfordshire
         COMMAND ${HOTSPOT_PYTHON} ${HOTSPOT_CHECK_PROFILE} $<TARGET_FILE:hotspot_cli>
                 ${HOTSPOT_SHARED_DATA}/police_uk_hertfordshire/street)
set_tests_properties(profile_counts_sample profile_counts_sample_filtered profile_counts_shared_hertfordshire
                     PROPERTIES SKIP_RETURN_CODE 77 LABELS cli)

# A real PostgreSQL + PostGIS server on 127.0.0.1 for the tests labelled postgis.
add_test(NAME postgis_server_start
         COMMAND ${PROJECT_SOURCE_DIR}/tools/postgis_test_server.sh start ${CMAKE_BINARY_DIR}/postgis-test)
add_test(NAME postgis_server_stop
         COMMAND ${PROJECT_SOURCE_DIR}/tools/postgis_test_server.sh stop ${CMAKE_BINARY_DIR}/postgis-test)
set_tests_properties(postgis_server_start PROPERTIES FIXTURES_SETUP postgis LABELS postgis)
set_tests_properties(postgis_server_stop PROPERTIES FIXTURES_CLEANUP postgis LABELS postgis)

# The CCTV worked example of the README: its later-month shares against hotspot's own count.
add_test(NAME cctv_worked_example
         COMMAND ${HOTSPOT_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_cctv_worked_example.py
                 $<TARGET_FILE:hotspot_cli> ${PROJECT_SOURCE_DIR}/tools/cctv_worked_example.sh ${HOTSPOT_SAMPLE_DIR})
set_tests_properties(cctv_worked_example PROPERTIES SKIP_RETURN_CODE 77 LABELS cli)

# The HTML report: built from the sample by report_sample (library calls), then opened in
# headless Chromium (no console errors, the expected features on the map, a screenshot).
add_executable(report_sample ${CMAKE_CURRENT_SOURCE_DIR}/scripts/report_sample.cpp)
target_link_libraries(report_sample PRIVATE hotspot::hotspot nlohmann_json::nlohmann_json)
target_compile_options(report_sample PRIVATE ${HOTSPOT_WARNINGS})
set(HOTSPOT_REPORT_OUT ${CMAKE_CURRENT_BINARY_DIR}/html_report)
add_test(NAME html_report_build
         COMMAND report_sample ${HOTSPOT_SAMPLE_DIR} ${HOTSPOT_REPORT_OUT})
set_tests_properties(html_report_build PROPERTIES FIXTURES_SETUP html_report LABELS report)
set(html_report_extra_hostile "--expect-text=</script><img src=x onerror=alert(1)>")
# The basemap report: the sample's OpenStreetMap roads and buildings under Oxford's incidents,
# printed to A4 and its figures exported as PNG (report::export_pngs), each checked not blank.
set(html_report_extra_basemap --pdf ${HOTSPOT_REPORT_OUT}/basemap_report.pdf --pngs ${HOTSPOT_REPORT_OUT}/basemap_png
    --forbid-text ${HOTSPOT_SAMPLE_DIR} --forbid-text oxford_centre_osm)
add_test(NAME html_report_png_basemap
         COMMAND report_sample png ${HOTSPOT_REPORT_OUT}/basemap_report.html ${HOTSPOT_REPORT_OUT}/basemap_png)
set_tests_properties(html_report_png_basemap PROPERTIES FIXTURES_REQUIRED html_report FIXTURES_SETUP html_report_png
                     SKIP_RETURN_CODE 77 LABELS "report;no_sanitize" TIMEOUT 180)
# Accessibility: axe-core (npm, tests/report/package.json) in headless Chromium, no serious or
# critical violation. Skipped (77) without Chromium or axe-core.
add_test(NAME html_report_accessibility_basemap
         COMMAND ${HOTSPOT_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_accessibility.py
                 ${HOTSPOT_REPORT_OUT}/basemap_report.html)
set_tests_properties(html_report_accessibility_basemap PROPERTIES
                     FIXTURES_REQUIRED html_report SKIP_RETURN_CODE 77 LABELS "report;no_sanitize" TIMEOUT 300)
# (The sample plan's own report is checked by plan_sample_report_in_chromium below.)
foreach(name hostile basemap)
  add_test(NAME html_report_chromium_${name}
           COMMAND ${HOTSPOT_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_html_report.py
                   ${HOTSPOT_REPORT_OUT}/${name}_report.html
                   --expect ${HOTSPOT_REPORT_OUT}/${name}_report.expected.json
                   --screenshot ${HOTSPOT_REPORT_OUT}/${name}_report.png
                   ${html_report_extra_${name}})
  set_tests_properties(html_report_chromium_${name} PROPERTIES
                       FIXTURES_REQUIRED html_report SKIP_RETURN_CODE 77 LABELS "report;no_sanitize" TIMEOUT 180)
endforeach()
# (--pngs reads what html_report_png_basemap exported.)
set_tests_properties(html_report_chromium_basemap PROPERTIES FIXTURES_REQUIRED "html_report;html_report_png")

# QGIS styles and project: the qgis test writes a styled plan folder from the sample, then
# real QGIS (Debian python3-qgis, headless) opens, checks and renders it. Skipped (77) where
# QGIS's Python bindings are not installed.
add_test(NAME qgis_outputs_write
         COMMAND hotspot_qgis_tests --gtest_filter=QgisOutputs.WritesAStyledPlanFolder)
set_tests_properties(qgis_outputs_write PROPERTIES
                     ENVIRONMENT "HOTSPOT_QGIS_OUT=${CMAKE_CURRENT_BINARY_DIR}/qgis_outputs"
                     FIXTURES_SETUP qgis_outputs LABELS qgis)
add_test(NAME qgis_outputs_open_in_qgis
         COMMAND ${HOTSPOT_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_qgis_outputs.py
                 ${CMAKE_CURRENT_BINARY_DIR}/qgis_outputs)
set_tests_properties(qgis_outputs_open_in_qgis PROPERTIES
                     ENVIRONMENT "QT_QPA_PLATFORM=offscreen"
                     FIXTURES_REQUIRED qgis_outputs SKIP_RETURN_CODE 77 LABELS "qgis;no_sanitize")

# `hotspot density` writes a .qml beside its GeoTIFF and GeoJSON and styles in its GeoPackage:
# real QGIS opens each styled (classes at the raster's own thresholds, empty cells transparent on
# a sparse surface, polygons categorized by level). Skipped (77) without QGIS's Python bindings.
add_test(NAME command_styles_open_in_qgis
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_command_styles.py
                 $<TARGET_FILE:hotspot_cli> ${HOTSPOT_SAMPLE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/scratch/command_styles)
set_tests_properties(command_styles_open_in_qgis PROPERTIES ENVIRONMENT "QT_QPA_PLATFORM=offscreen"
                     SKIP_RETURN_CODE 77 LABELS "qgis;cli;no_sanitize" TIMEOUT 300)

# (Tests labelled no_sanitize only run QGIS or Chromium on files our code wrote; the
# sanitizer run leaves them out, the code that wrote the files runs under it.)
# `hotspot plan` on the bundled sample, as the README runs it; then real QGIS opens its
# project, GeoPackage styles and .qml files, and headless Chromium its report. What each must
# find is drawn from the plan's own GeoJSON copies and style tables by the *_expected.py
# scripts. Skipped (77) where QGIS or Chromium is not installed.
set(HOTSPOT_PLAN_OUT ${CMAKE_CURRENT_BINARY_DIR}/plan_sample)
add_test(NAME plan_sample
         COMMAND $<TARGET_FILE:hotspot_cli> plan ${HOTSPOT_SAMPLE_DIR}/police_uk
                 --within ${HOTSPOT_SAMPLE_DIR}/boundaries/herts_districts.geojson
                 "--within-where=lad17nm = 'Welwyn Hatfield'" --units 3 --quiet -o ${HOTSPOT_PLAN_OUT})
set_tests_properties(plan_sample PROPERTIES FIXTURES_SETUP plan_sample LABELS plan TIMEOUT 300)
add_test(NAME plan_sample_open_in_qgis
         COMMAND sh -c "/usr/bin/python3 -c 'import qgis.core, osgeo.gdal' 2>/dev/null || { echo 'SKIPPED: QGIS or GDAL Python bindings not installed'; exit 77; }; \
/usr/bin/python3 '${CMAKE_CURRENT_SOURCE_DIR}/scripts/plan_qgis_expected.py' '${HOTSPOT_PLAN_OUT}' '${HOTSPOT_PLAN_OUT}.qgis.json' && \
/usr/bin/python3 '${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_qgis_outputs.py' '${HOTSPOT_PLAN_OUT}' '${HOTSPOT_PLAN_OUT}.qgis.json' '${HOTSPOT_PLAN_OUT}.qgis.png'")
set_tests_properties(plan_sample_open_in_qgis PROPERTIES ENVIRONMENT "QT_QPA_PLATFORM=offscreen"
                     FIXTURES_REQUIRED plan_sample SKIP_RETURN_CODE 77 LABELS "plan;qgis;no_sanitize" TIMEOUT 300)
# The report a committee reads (#19): no file path or SQL of the run in it, printed to A4 with a
# section a page, the map and every chart exported as PNG and checked not blank, and audited
# by axe-core.
add_test(NAME plan_sample_report_in_chromium
         COMMAND sh -c "${HOTSPOT_PYTHON} '${CMAKE_CURRENT_SOURCE_DIR}/scripts/plan_report_expected.py' '${HOTSPOT_PLAN_OUT}' '${HOTSPOT_PLAN_OUT}.report.json' && \
'$<TARGET_FILE:report_sample>' png '${HOTSPOT_PLAN_OUT}/report.html' '${HOTSPOT_PLAN_OUT}.png' && \
${HOTSPOT_PYTHON} '${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_html_report.py' '${HOTSPOT_PLAN_OUT}/report.html' --expect '${HOTSPOT_PLAN_OUT}.report.json' --screenshot '${HOTSPOT_PLAN_OUT}.report.png' \
--pdf '${HOTSPOT_PLAN_OUT}.report.pdf' --pngs '${HOTSPOT_PLAN_OUT}.png' --forbid-text '${HOTSPOT_SAMPLE_DIR}' --forbid-text lad17nm --forbid-text herts_districts")
set_tests_properties(plan_sample_report_in_chromium PROPERTIES
                     FIXTURES_REQUIRED plan_sample SKIP_RETURN_CODE 77 LABELS "plan;report;no_sanitize" TIMEOUT 300)
add_test(NAME plan_sample_report_accessibility
         COMMAND ${HOTSPOT_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_accessibility.py ${HOTSPOT_PLAN_OUT}/report.html
                 --json ${HOTSPOT_PLAN_OUT}.axe.json)
set_tests_properties(plan_sample_report_accessibility PROPERTIES
                     FIXTURES_REQUIRED plan_sample SKIP_RETURN_CODE 77 LABELS "plan;report;no_sanitize" TIMEOUT 300)

# --publish on the sample: no published feature or count below k, reported suppression equal to
# the unpublished run's small features, no raw points, camera points on the grid, no undocumented
# fields or input identifiers in any GeoJSON.
add_test(NAME publish_sample
         COMMAND ${HOTSPOT_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_publish.py
                 $<TARGET_FILE:hotspot_cli> ${HOTSPOT_SAMPLE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/scratch/publish)
set_tests_properties(publish_sample PROPERTIES LABELS cli)

# `hotspot plan --publish` on the sample, its settings read from a --write-config file: every
# count of every GeoJSON and GeoPackage layer and of the report at least k, no point at an
# incident position, camera points on the grid, no input field not asked for, the density raster
# the bytes `density --publish` writes, the suppression reported. One pipeline run (~15 s), so
# like the plan's other whole-pipeline tests it is left out of the sanitizer run.
add_test(NAME plan_publish_sample
         COMMAND ${HOTSPOT_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_plan_publish.py
                 $<TARGET_FILE:hotspot_cli> ${HOTSPOT_SAMPLE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/scratch/plan_publish)
set_tests_properties(plan_publish_sample PROPERTIES LABELS "plan;cli;no_sanitize" TIMEOUT 300)

# Reliability of outputs (docs/reliability.md): a run killed by SIGKILL/SIGTERM/SIGINT while it
# computes and while it writes leaves the previous output byte for byte; a full disk (file size
# limit) gives exit 6 naming the file, the previous output untouched, no temporary file.
add_test(NAME interrupted_writes
         COMMAND ${HOTSPOT_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_interrupted_writes.py
                 $<TARGET_FILE:hotspot_cli> ${HOTSPOT_SAMPLE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/scratch/interrupted)
add_test(NAME full_disk
         COMMAND ${HOTSPOT_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_full_disk.py
                 $<TARGET_FILE:hotspot_cli> ${HOTSPOT_SAMPLE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/scratch/full_disk)
set_tests_properties(interrupted_writes PROPERTIES LABELS cli)
if(CMAKE_CXX_FLAGS MATCHES "sanitize=")
  set_tests_properties(interrupted_writes PROPERTIES ENVIRONMENT "HOTSPOT_SANITIZED=1")
endif()
# Not under the sanitizers: clang's OpenMP runtime (libomp, used by the clang tree) registers
# itself through a /dev/shm file at start-up, which the file-size limit this test sets forbids
# ("OMP: Error #179: Can't set size of SHM"), so the process dies before our code runs. The
# GCC tree's libgomp has no such file; the test runs there.
set_tests_properties(full_disk PROPERTIES LABELS "cli;no_sanitize")

# The QGIS Processing provider (qgis/hotspot_provider, docs/qgis.md). The runner and the naming
# rules on their own (no QGIS); then real QGIS 3.22, headless: `qgis_process list` shows one
# algorithm per command of `describe --json`, also once installed from the zip
# tools/package_qgis_plugin.sh builds (as "Install from ZIP" does); `qgis_process help` has every option with its
# type, default and range (and a new option appears with no plugin change); `qgis_process run`
# writes the bytes the command line writes with the same options (plan alone: the longest);
# in PyQGIS, memory layers and a selection give the tool's right counts, the outputs open
# styled in a group named after the run and render, and Cancel stops the tool leaving nothing;
# the same from the desktop's Processing dialog.
# Skipped (77) where QGIS (qgis, qgis-providers, python3-qgis) is not installed.
set(HOTSPOT_QGIS_PROVIDER_WORK ${CMAKE_CURRENT_BINARY_DIR}/scratch/qgis_provider)
set(HOTSPOT_CHECK_PROVIDER ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_qgis_provider.py)
add_test(NAME qgis_provider_runner
         COMMAND ${HOTSPOT_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_qgis_provider_runner.py
                 $<TARGET_FILE:hotspot_cli> ${HOTSPOT_QGIS_PROVIDER_WORK}/runner)
set_tests_properties(qgis_provider_runner PROPERTIES LABELS "qgis;cli")
add_test(NAME qgis_provider_list
         COMMAND ${HOTSPOT_PYTHON} ${HOTSPOT_CHECK_PROVIDER} list $<TARGET_FILE:hotspot_cli> ${HOTSPOT_SAMPLE_DIR}
                 ${HOTSPOT_QGIS_PROVIDER_WORK}/list)
add_test(NAME qgis_provider_zip
         COMMAND ${HOTSPOT_PYTHON} ${HOTSPOT_CHECK_PROVIDER} zip $<TARGET_FILE:hotspot_cli> ${HOTSPOT_SAMPLE_DIR}
                 ${HOTSPOT_QGIS_PROVIDER_WORK}/zip)
add_test(NAME qgis_provider_help
         COMMAND ${HOTSPOT_PYTHON} ${HOTSPOT_CHECK_PROVIDER} help $<TARGET_FILE:hotspot_cli> ${HOTSPOT_SAMPLE_DIR}
                 ${HOTSPOT_QGIS_PROVIDER_WORK}/help)
# (Three runs, each under two minutes: the maps and the model; every other command, including
# those not converted yet when this was written; plan.)
add_test(NAME qgis_provider_run
         COMMAND ${HOTSPOT_PYTHON} ${HOTSPOT_CHECK_PROVIDER} run $<TARGET_FILE:hotspot_cli> ${HOTSPOT_SAMPLE_DIR}
                 ${HOTSPOT_QGIS_PROVIDER_WORK}/run density cctv "cctv rotate")
add_test(NAME qgis_provider_run_others
         COMMAND ${HOTSPOT_PYTHON} ${HOTSPOT_CHECK_PROVIDER} run $<TARGET_FILE:hotspot_cli> ${HOTSPOT_SAMPLE_DIR}
                 ${HOTSPOT_QGIS_PROVIDER_WORK}/run_others !density !cctv "!cctv rotate" !plan)
add_test(NAME qgis_provider_run_plan
         COMMAND ${HOTSPOT_PYTHON} ${HOTSPOT_CHECK_PROVIDER} run $<TARGET_FILE:hotspot_cli> ${HOTSPOT_SAMPLE_DIR}
                 ${HOTSPOT_QGIS_PROVIDER_WORK}/run_plan plan)
add_test(NAME qgis_provider_pyqgis
         COMMAND ${HOTSPOT_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_qgis_provider_pyqgis.py
                 $<TARGET_FILE:hotspot_cli> ${HOTSPOT_SAMPLE_DIR} ${HOTSPOT_QGIS_PROVIDER_WORK}/pyqgis)
# The desktop's own Processing dialog under Xvfb (xvfb-run): a cctv run in Processing's background
# task opens its styled group in order; Cancel on a slow density leaves nothing.
add_test(NAME qgis_provider_dialog
         COMMAND ${HOTSPOT_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_qgis_provider_dialog.py
                 $<TARGET_FILE:hotspot_cli> ${HOTSPOT_SAMPLE_DIR} ${HOTSPOT_QGIS_PROVIDER_WORK}/dialog)
set_tests_properties(qgis_provider_list qgis_provider_zip qgis_provider_help qgis_provider_run qgis_provider_run_others
                     qgis_provider_run_plan qgis_provider_pyqgis qgis_provider_dialog
                     PROPERTIES ENVIRONMENT "QT_QPA_PLATFORM=offscreen" SKIP_RETURN_CODE 77
                                LABELS "qgis;no_sanitize" TIMEOUT 300)

# The longest tests start first (CTest runs higher COST first): started in declaration order
# they came last and ran alone on one core while the other idled.
set_tests_properties(interrupted_writes publish_sample plan_sample plan_publish_sample cctv_worked_example full_disk
                     qgis_provider_run qgis_provider_run_others qgis_provider_run_plan qgis_provider_pyqgis
                     PROPERTIES COST 1000)

# No module cycle: the folders of include/hotspot/ and src/ and the includes between them form a
# directed acyclic graph (tests/scripts/check_module_cycles.py prints the order).
add_test(NAME module_cycles
         COMMAND ${HOTSPOT_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_module_cycles.py ${CMAKE_SOURCE_DIR})
set_tests_properties(module_cycles PROPERTIES LABELS "cli")

# `hotspot describe --json` against its schema, and one name and one default per idea across
# every command (tests/scripts/check_describe.py); every command's --write-config reads back.
add_test(NAME describe_json
         COMMAND ${HOTSPOT_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_describe.py $<TARGET_FILE:hotspot_cli>
                 ${PROJECT_SOURCE_DIR}/docs/describe.schema.json ${CMAKE_CURRENT_BINARY_DIR}/scratch/describe)
set_tests_properties(describe_json PROPERTIES SKIP_RETURN_CODE 77 LABELS cli)

# Golden outputs of every command on the sample, byte for byte (tests/golden/cases.txt).
add_test(NAME golden_outputs
         COMMAND ${HOTSPOT_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_golden.py $<TARGET_FILE:hotspot_cli>
                 ${HOTSPOT_SAMPLE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/scratch/golden)
set_tests_properties(golden_outputs PROPERTIES LABELS "cli;no_sanitize" TIMEOUT 1200 COST 1000)

# `cmake --install` gives a working program with its data, docs and QGIS plugin.
add_test(NAME install_tree
         COMMAND ${PROJECT_SOURCE_DIR}/tests/scripts/check_install.sh ${CMAKE_BINARY_DIR}
                 ${CMAKE_CURRENT_BINARY_DIR}/scratch/install)
set_tests_properties(install_tree PROPERTIES LABELS "cli;no_sanitize")

# `hotspot plan` composes the steps: the same cameras as `hotspot cctv` given the same candidates,
# and with --focus asb every camera on an ASB hot spot of an independent density map.
add_test(NAME plan_steps
         COMMAND ${HOTSPOT_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_plan_steps.py $<TARGET_FILE:hotspot_cli>
                 ${HOTSPOT_SAMPLE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/scratch/plan_steps)
set_tests_properties(plan_steps PROPERTIES LABELS "plan_no_sanitize;cli" TIMEOUT 600 COST 500)

# The plan's progress line on a terminal while its stages run side by side: never back, both
# chains named, every stage's line once.
add_test(NAME plan_terminal_progress
         COMMAND ${HOTSPOT_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_plan_terminal.py $<TARGET_FILE:hotspot_cli>
                 ${HOTSPOT_SAMPLE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/scratch/plan_terminal)
set_tests_properties(plan_terminal_progress PROPERTIES LABELS "plan_no_sanitize;cli" TIMEOUT 300)
