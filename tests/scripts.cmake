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

# --publish on the sample: no published feature or count below k, reported suppression equal to
# the unpublished run's small features, no raw points, camera points on the grid, no undocumented
# fields or input identifiers in any GeoJSON.
add_test(NAME publish_sample
         COMMAND ${HOTSPOT_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_publish.py
                 $<TARGET_FILE:hotspot_cli> ${HOTSPOT_SAMPLE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/scratch/publish)
set_tests_properties(publish_sample PROPERTIES LABELS cli)

# Reliability of outputs (docs/reliability.md): a run killed by SIGKILL/SIGTERM/SIGINT while it
# computes and while it writes leaves the previous output byte for byte; a full disk (file size
# limit) gives exit 6 naming the file, the previous output untouched, no temporary file.
add_test(NAME interrupted_writes
         COMMAND ${HOTSPOT_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_interrupted_writes.py
                 $<TARGET_FILE:hotspot_cli> ${HOTSPOT_SAMPLE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/scratch/interrupted)
add_test(NAME full_disk
         COMMAND ${HOTSPOT_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_full_disk.py
                 $<TARGET_FILE:hotspot_cli> ${HOTSPOT_SAMPLE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/scratch/full_disk)
set_tests_properties(interrupted_writes full_disk PROPERTIES LABELS cli)
