#!/usr/bin/python3
"""The hotspot Processing provider (qgis/hotspot_provider) through qgis_process, QGIS 3.22 headless.

usage: check_qgis_provider.py MODE HOTSPOT SAMPLE_DIR WORK_DIR [COMMAND | !COMMAND ...]

MODE
  list  `qgis_process plugins enable hotspot_provider` in a fresh profile, then `qgis_process
        list`: the hotspot provider has exactly one algorithm per command `hotspot describe
        --json` lists, named as docs/qgis.md says ("cctv rotate" -> hotspot:cctv_rotate).
  zip   tools/package_qgis_plugin.sh builds the plugin zip; QGIS's own "Install from ZIP" code
        (pyplugin_installer: the plugin is the folder of the shortest metadata.txt, unzipped
        into the profile's python/plugins) installs it into a fresh profile; with no
        QGIS_PLUGINPATH, `qgis_process plugins enable` + `list` then show the algorithms. The
        zip holds metadata.txt (every field QGIS's plugin repository asks for, the project's
        version, also in the source tree's copy that cmake --install installs), the icon it
        names, the licence, and no compiled Python.
  help  `qgis_process --json help hotspot:cctv`, and every algorithm's parameters read the same
        way in PyQGIS (checked equal for cctv; a qgis_process per algorithm costs ~5 s each):
        each option of the command's description is there as the parameter(s) docs/qgis.md maps it to (type, default, range, choices,
        optional, advanced, flag in the help), and no other parameter but OPEN_OUTPUTS. Then
        the same with a `hotspot` whose description has one more option and one more command
        (a wrapper script): both appear, with no change to the plugin.
  run   the model qgis/hotspot_density_to_cctv.model3 (density -> cctv, the density GeoTIFF as
        cctv's demand) writes what `hotspot density` then `hotspot cctv --demand-raster` write;
        for every command describe lists that has a sample case below (only the COMMANDs named,
        or all but the !COMMANDs), the command line and `qgis_process run hotspot:...` with the
        same options (the parameters spelled from the command line by the documented mapping)
        write the same files, byte for byte. Skipped (77) when describe lists none of those
        named.
Exit 0 when all holds, 1 otherwise, 77 (skipped) without QGIS.
"""
import filecmp
import json
import os
import shutil
import stat
import subprocess
import sys
import time

from headless_qgis import SKIP
from qgis_provider_env import QgisProcess, algorithm_id, describe, parameter_name, parameters_in_pyqgis, skip_reason

WELWYN_HATFIELD = ["--within", "{sample}/boundaries/herts_districts.geojson", "--within-where", "lad17nm = 'Welwyn Hatfield'"]
OXFORD = "{sample}/oxford/oxford_centre_osm.gpkg"

# Sample cases: the command line, with {sample}, {out} (this run's output folder) and {cli}
# (the command-line run's folder, for an input made by an earlier case). Each is run by both.
CASES = [
    ("density", ["density", "{sample}/police_uk", *WELWYN_HATFIELD, "-o", "{out}/density.tif",
                 "--polygons", "{out}/hotspots.geojson", "--gpkg", "{out}/hotspots.gpkg"]),
    # Every kind of setting: texts, text, number, choice, numbers, flag, integer; two sources.
    ("density", ["density", "{sample}/police_uk/2018-01-hertfordshire-street.csv.gz",
                 "{sample}/police_uk/2018-02-hertfordshire-street.csv.gz", "{sample}/police_uk/2018-03-hertfordshire-street.csv.gz",
                 "--types", "Anti-social behaviour,Violence and sexual offences", "--from", "2018-02",
                 "--cell", "25", "--kernel", "epanechnikov", "--bandwidth", "300", "--levels", "2,5",
                 "--publish", "--min-count", "8", "-o", "{out}/typed.tif", "--polygons", "{out}/typed.geojson"]),
    ("cctv", ["cctv", "{sample}/police_uk", *WELWYN_HATFIELD, "--demand-raster", "{cli}/density.tif", "--cameras", "3",
              "-o", "{out}/cctv_wh"]),
    # Layers of a multi-layer GeoPackage (the NAME-layer options), harm weights, a choice of numbers.
    ("cctv", ["cctv", "{sample}/oxford", "--weight", "harm", "--buildings", OXFORD, "--buildings-layer", "buildings",
              "--candidates", OXFORD, "--candidates-layer", "parking_points", "--roads", OXFORD, "--roads-layer", "roads",
              "--road-step", "25", "--fov", "90", "--headings", "8", "--range", "40", "--cameras", "5",
              "-o", "{out}/cctv_oxford"]),
    ("cctv rotate", ["cctv", "rotate", "{sample}/police_uk", *WELWYN_HATFIELD, "--cameras", "2", "-o", "{out}/rotation"]),
    ("profile", ["profile", "{sample}/police_uk", *WELWYN_HATFIELD, "-o", "{out}/profile.json",
                 "--rejects", "{out}/profile_rejects.csv"]),
    ("clusters", ["clusters", "{sample}/police_uk", *WELWYN_HATFIELD, "--min-points", "3", "-o", "{out}/clusters.gpkg"]),
    ("gistar", ["gistar", "{sample}/police_uk", *WELWYN_HATFIELD, "--cell", "200", "-o", "{out}/gistar.geojson"]),
    ("trends", ["trends", "{sample}/police_uk", *WELWYN_HATFIELD, "--cell", "250", "-o", "{out}/trends.geojson"]),
    ("patrol", ["patrol", "{sample}/police_uk", *WELWYN_HATFIELD, "--units", "3", "-o", "{out}/patrol",
                "--gpkg", "{out}/patrol.gpkg"]),
    ("backtest", ["backtest", "{sample}/police_uk", *WELWYN_HATFIELD, "--csv", "{out}/backtest.csv",
                  "--summary-csv", "{out}/backtest_summary.csv", "--markdown", "{out}/backtest.md"]),
    ("plan", ["plan", "{sample}/police_uk", *WELWYN_HATFIELD, "--units", "3", "-o", "{out}/plan"]),
]


def options_by_flag(command):
    table = {}
    for option in command["options"]:
        table[option["flag"]] = option
        if option.get("short"):
            table[option["short"]] = option
    return table


def to_parameters(command, argv):
    """The qgis_process parameters for a command line, by the documented mapping: positional
    incident paths go to NAME_PATH when there is one, else to NAME (files QGIS opens as layers),
    `--flag value` to FLAG=value, a flag alone to FLAG=true."""
    words = command["name"].split()
    assert argv[:len(words)] == words, argv
    flags = options_by_flag(command)
    positional = next(o for o in command["options"] if o.get("positional"))
    parameters, rest = [], argv[len(words):]
    incidents = {}
    index = 0
    while index < len(rest):
        word = rest[index]
        if word in flags:
            option = flags[word]
            name = parameter_name(option["name"])
            if option["type"] == "flag":
                parameters.append(f"--{name}=true")
                index += 1
                continue
            value = rest[index + 1]
            if option["role"] == "incidents":
                incidents.setdefault(name, []).append(value)
            else:
                parameters.append(f"--{name}={value}")
            index += 2
        elif word.startswith("-"):
            raise SystemExit(f"{command['name']}: {word} is not an option describe lists (an old spelling?)")
        else:
            incidents.setdefault(parameter_name(positional["name"]), []).append(word)
            index += 1
    for name, paths in incidents.items():
        if len(paths) == 1:
            parameters.append(f"--{name}_PATH={paths[0]}")
        else:
            parameters += [f"--{name}={path}" for path in paths]
    parameters.append("--OPEN_OUTPUTS=false")
    return parameters


MODEL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "qgis", "hotspot_density_to_cctv.model3")


def files_under(root):
    """Files under a folder (or the file itself), by relative path; GDAL's .aux.xml statistics,
    which QGIS writes beside a raster it opens as an input, are not the tool's."""
    found = {}
    if not os.path.isdir(root):
        if not os.path.exists(root):
            return {}
        return {os.path.basename(root): root}
    for folder, _, names in os.walk(root):
        for name in names:
            if not name.endswith(".aux.xml"):
                found[os.path.relpath(os.path.join(folder, name), root)] = os.path.join(folder, name)
    return found


def compare_outputs(cli_dir, qgis_dir):
    """Problems: files only one side wrote, files that differ. Text files are compared with each
    run's own folder path replaced (the only thing allowed to differ)."""
    problems = []
    left, right = files_under(cli_dir), files_under(qgis_dir)
    if set(left) != set(right):
        problems.append(f"different files: only from the command line {sorted(set(left) - set(right))}, "
                        f"only from QGIS {sorted(set(right) - set(left))}")
    for name in sorted(set(left) & set(right)):
        if filecmp.cmp(left[name], right[name], shallow=False):
            continue
        a, b = open(left[name], "rb").read(), open(right[name], "rb").read()
        if a.replace(cli_dir.encode(), b"<out>") == b.replace(qgis_dir.encode(), b"<out>"):
            continue
        problems.append(f"{name} differs ({len(a)} and {len(b)} bytes)")
    return problems


def mode_list(hotspot, qgis, description):
    print("plugins enable:", qgis.enable_output.returncode, qgis.enable_output.stdout.strip().splitlines()[-6:])
    if qgis.enable_output.returncode != 0:
        print("FAIL: qgis_process plugins enable hotspot_provider:", qgis.enable_output.stderr)
        return 1
    done = qgis.run("list")
    if done.returncode != 0:
        print("FAIL: qgis_process list:", done.stderr)
        return 1
    listed, section = {}, None
    for line in done.stdout.splitlines():
        if line and not line.startswith("\t"):
            section = line.strip()
        elif line.startswith("\thotspot:"):
            ident, name = line.strip().split("\t")
            listed[ident] = (section, name)
    expected = {algorithm_id(c["name"]): c["name"] for c in description["commands"]}
    print(f"describe lists {len(expected)} commands; qgis_process list shows {len(listed)} hotspot algorithms:")
    for ident in sorted(listed):
        print(f"  {ident:26} {listed[ident][1]!r} (under {listed[ident][0]!r})")
    problems = []
    if set(listed) != set(expected):
        problems.append(f"missing {sorted(set(expected) - set(listed))}, unexpected {sorted(set(listed) - set(expected))}")
    for ident, (section, name) in listed.items():
        if ident in expected and name != expected[ident]:
            problems.append(f"{ident} is called {name!r}, not {expected[ident]!r}")
        if section != "hotspot":
            problems.append(f"{ident} is listed under {section!r}")
    for problem in problems:
        print("FAIL:", problem)
    return 1 if problems else 0


# The documented mapping (docs/qgis.md): role or type -> (parameter_type, extra check).
DESTINATIONS = {"output_folder": "folderDestination", "output_file": "fileDestination",
                "output_raster": "rasterDestination", "output_vector": "vectorDestination"}
SETTINGS = {"flag": "boolean", "integer": "number", "number": "number", "choice": "enum", "text": "string",
            "texts": "string", "integers": "string", "numbers": "string"}
TYPE_VECTOR, TYPE_VECTOR_ANY, TYPE_FILE, TYPE_RASTER = 5, -1, 4, 3


def expected_parameters(option):
    """(name, parameter_type, expected raw_definition fields) for one option."""
    name = parameter_name(option["name"])
    role, kind = option["role"], option["type"]
    many = kind in ("texts", "integers", "numbers")
    if role == "incidents":
        return [(name, "multilayer", {"layer_type": TYPE_VECTOR}), (name + "_PATH", "file", {"behavior": 1})]
    if role == "layer":
        return [(name, "multilayer", {"layer_type": TYPE_VECTOR_ANY})] if many else [(name, "source", {})]
    if role == "raster":
        return [(name, "multilayer", {"layer_type": TYPE_RASTER})] if many else [(name, "raster", {})]
    if role == "file":
        return [(name, "multilayer", {"layer_type": TYPE_FILE})] if many else [(name, "file", {})]
    if role in DESTINATIONS:
        return [(name, DESTINATIONS[role], {})]
    fields = {}
    if kind == "choice":
        fields["options"] = option["choices"]
    if kind in ("integer", "number"):
        fields["data_type"] = 0 if kind == "integer" else 1
        if "minimum" in option:
            fields["min"] = option["minimum"] + (1 if kind == "integer" and option.get("minimum_exclusive") else 0)
        if "maximum" in option:
            fields["max"] = option["maximum"]
    return [(name, SETTINGS[kind], fields)]


def expected_default(option):
    text, kind = option.get("default", ""), option["type"]
    if kind == "flag":
        return text == "true"
    if text == "" or option["role"] != "setting":
        return None
    if kind in ("integer", "number"):
        return float(text)
    return text


def help_parameters(qgis, command, env=None):
    """`qgis_process --json help` of one algorithm: its parameters, or None and why."""
    done = qgis.run("help", algorithm_id(command["name"]), json_output=True, env=env)
    if done.returncode != 0:
        return None, f"qgis_process help {algorithm_id(command['name'])} failed: {done.stderr.strip()[-400:]}"
    return done.json["parameters"], ""


def check_help(command, parameters):
    """Problems with an algorithm's parameters (as `qgis_process --json help` gives them)
    against the command's description."""
    problems, seen = [], {"OPEN_OUTPUTS"}
    for option in command["options"]:
        for name, kind, fields in expected_parameters(option):
            seen.add(name)
            where = f"{command['name']} {option['flag']} -> {name}"
            parameter = parameters.get(name)
            if parameter is None:
                problems.append(f"{where}: no such parameter")
                continue
            raw = parameter["raw_definition"]
            if raw["parameter_type"] != kind:
                problems.append(f"{where}: a {raw['parameter_type']} parameter, not {kind}")
            for field, value in fields.items():
                if raw.get(field) != value:
                    problems.append(f"{where}: {field} is {raw.get(field)!r}, not {value!r}")
            if len(expected_parameters(option)) == 1:
                default = parameter["default_value"]
                wanted = expected_default(option)
                same = (default == wanted) if not isinstance(wanted, float) else \
                    (default is not None and float(default) == wanted)
                if not same and not (wanted is None and default in (None, "")):
                    problems.append(f"{where}: default {default!r}, describe says {option.get('default')!r}")
                if parameter["optional"] == bool(option.get("required")) and option["role"] != "setting":
                    problems.append(f"{where}: optional is {parameter['optional']} for required {option.get('required')}")
                if option["role"] == "setting" and option.get("default", "") == "" and kind != "boolean" \
                        and not option.get("required") and not parameter["optional"]:
                    problems.append(f"{where}: no default, yet not optional")
            if parameter["is_advanced"] != bool(option.get("advanced")):
                problems.append(f"{where}: advanced is {parameter['is_advanced']}, describe says {option.get('advanced')}")
            if option["flag"] not in (parameter.get("help") or ""):
                problems.append(f"{where}: the help does not name {option['flag']}")
    extra = sorted(set(parameters) - seen)
    if extra:
        problems.append(f"{command['name']}: parameters describe does not have: {extra}")
    return problems


def mode_zip(hotspot, description, work):
    import configparser
    import zipfile
    root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    built = subprocess.run([os.path.join(root, "tools", "package_qgis_plugin.sh"), work], capture_output=True, text=True)
    if built.returncode != 0:
        print("FAIL: tools/package_qgis_plugin.sh:", built.stderr)
        return 1
    zip_path = built.stdout.strip().splitlines()[-1]
    problems = []
    with zipfile.ZipFile(zip_path) as archive:
        names = archive.namelist()
        metadata_files = sorted(n for n in names if n.endswith("metadata.txt"))
        plugin = os.path.split(metadata_files[0])[0] if metadata_files else None
        metadata = configparser.ConfigParser()
        metadata.read_string(archive.read(metadata_files[0]).decode("utf-8")) if metadata_files else None
    print(f"{zip_path}: {len(names)} entries, plugin folder {plugin!r}")
    if plugin != "hotspot_provider":
        problems.append(f"the zip's plugin folder is {plugin!r}")
    general = metadata["general"] if metadata.has_section("general") else {}
    for field in ("name", "qgisMinimumVersion", "description", "about", "version", "author", "email", "repository",
                  "hasProcessingProvider", "icon", "license"):
        if not general.get(field):
            problems.append(f"metadata.txt has no {field}")
    if general.get("version") != description["version"]:
        problems.append(f"metadata version {general.get('version')!r} is not the tool's {description['version']!r}")
    # The source tree's copy is what `cmake --install` puts in place: the same version.
    source = configparser.ConfigParser()
    source.read(os.path.join(root, "qgis", "hotspot_provider", "metadata.txt"))
    if source.get("general", "version", fallback=None) != description["version"]:
        problems.append(f"qgis/hotspot_provider/metadata.txt says version {source.get('general', 'version', fallback=None)!r}, "
                        f"the tool {description['version']!r}")
    for needed in ("__init__.py", general.get("icon", "icon.svg"), "LICENSE"):
        if f"hotspot_provider/{needed}" not in names:
            problems.append(f"the zip has no {needed}")
    if any(n.endswith(".pyc") or "__pycache__" in n for n in names):
        problems.append("the zip holds compiled Python")
    # Installed as Install from ZIP does it, into a fresh profile; the repository's folder is
    # not on the plugin path.
    sys.path.insert(0, "/usr/share/qgis/python")
    from pyplugin_installer.unzip import unzip
    qgis = QgisProcess(work, hotspot, enable=False)
    plugins = os.path.join(qgis.profile, "profiles", "default", "python", "plugins")
    os.makedirs(plugins)
    unzip(zip_path, plugins)
    env = {k: v for k, v in qgis.env.items() if k != "QGIS_PLUGINPATH"}
    enabled = qgis.run("plugins", "enable", "hotspot_provider", env=env)
    listed = qgis.run("list", env=env).stdout
    found = sorted(line.split("\t")[1] for line in listed.splitlines() if line.startswith("\thotspot:"))
    expected = sorted(algorithm_id(c["name"]) for c in description["commands"])
    print(f"installed from the zip: plugins enable exit {enabled.returncode}; {len(found)} hotspot algorithms listed")
    if found != expected:
        problems.append(f"from the zip, qgis_process lists {found}, not {expected}")
    for problem in problems:
        print("FAIL:", problem)
    return 1 if problems else 0


def mode_help(hotspot, qgis, description, work):
    problems = []
    # qgis_process help for cctv; every algorithm's parameters read the same way in one PyQGIS
    # process (checked equal to qgis_process's for cctv).
    cctv = next((c for c in description["commands"] if c["name"] == "cctv"), description["commands"][0])
    from_qgis_process, why = help_parameters(qgis, cctv)
    if from_qgis_process is None:
        print("FAIL:", why)
        return 1
    every = parameters_in_pyqgis(hotspot)
    fields = ("raw_definition", "default_value", "optional", "is_advanced", "help")
    read = every.get(algorithm_id(cctv["name"]), {})
    same = set(read) == set(from_qgis_process) and all(read[name].get(field) == value.get(field)
                                                       for name, value in from_qgis_process.items() for field in fields)
    if not same:
        problems.append("the parameters read in PyQGIS are not those qgis_process help shows")
    found = check_help(cctv, from_qgis_process)
    print(f"qgis_process help {algorithm_id(cctv['name'])}: {len(from_qgis_process)} parameters for "
          f"{len(cctv['options'])} options{'' if not found else ', ' + str(len(found)) + ' problems'}; "
          f"the same in PyQGIS: {same}")
    problems += found
    for command in description["commands"]:
        parameters = every.get(algorithm_id(command["name"]))
        if parameters is None:
            problems.append(f"{algorithm_id(command['name'])}: no such algorithm")
            continue
        found = check_help(command, parameters)
        print(f"{algorithm_id(command['name'])}: {len(parameters)} parameters for {len(command['options'])} options"
              f"{'' if not found else ', ' + str(len(found)) + ' problems'}")
        problems += found
    # A hotspot whose description has one more option and one more command: the wrapper adds
    # them to the real description; the plugin is not touched.
    wrapper = os.path.join(work, "hotspot-with-more")
    extra_option = {"name": "test-new-option", "flag": "--test-new-option", "type": "number", "role": "setting",
                    "group": "Camera", "help": "An option the plugin has never seen", "default": "7.5",
                    "minimum": 1.0, "minimum_exclusive": False, "maximum": 20.0, "unit": "m", "required": False,
                    "positional": False, "advanced": True, "list_separator": ""}
    extra_command = {"name": "test new", "summary": "A command the plugin has never seen",
                     "options": [cctv["options"][0], extra_option], "outputs": []}
    with open(wrapper, "w") as script:
        script.write(f"""#!/usr/bin/python3
import json, os, subprocess, sys
if sys.argv[1:] == ["describe", "--json"]:
    d = json.loads(subprocess.run([{hotspot!r}, "describe", "--json"], capture_output=True, text=True, check=True).stdout)
    for c in d["commands"]:
        if c["name"] == {cctv['name']!r}:
            c["options"].append({extra_option!r})
    d["commands"].append({extra_command!r})
    print(json.dumps(d))
else:
    os.execv({hotspot!r}, [{hotspot!r}, *sys.argv[1:]])
""")
    os.chmod(wrapper, os.stat(wrapper).st_mode | stat.S_IXUSR)
    env = dict(qgis.env, HOTSPOT_EXECUTABLE=wrapper)
    for command in ({**cctv, "options": cctv["options"] + [extra_option]}, extra_command):
        parameters, why = help_parameters(qgis, command, env=env)
        if parameters is None:
            problems.append(why)
            continue
        problems += check_help(command, parameters)
        print(f"with the wrapper: qgis_process help {algorithm_id(command['name'])}: {len(parameters)} parameters")
    help_text = qgis.run("help", algorithm_id(cctv["name"]), env=env).stdout
    if "TEST_NEW_OPTION" not in help_text:
        problems.append("the new option does not show in qgis_process help")
    for problem in problems:
        print("FAIL:", problem)
    return 1 if problems else 0


def run_model(hotspot, qgis, sample, cli_root, qgis_root):
    """The density -> cctv model against the two commands."""
    area = ["--within", f"{sample}/boundaries/herts_districts.geojson", "--within-where", "lad17nm = 'Welwyn Hatfield'"]
    cli_out, qgis_out = os.path.join(cli_root, "model"), os.path.join(qgis_root, "model")
    os.makedirs(cli_out)
    os.makedirs(qgis_out)
    for argv in (["density", f"{sample}/police_uk", *area, "-o", f"{cli_out}/density.tif"],
                 ["cctv", f"{sample}/police_uk", *area, "--demand-raster", f"{cli_out}/density.tif", "--cameras", "3",
                  "-o", f"{cli_out}/cctv"]):
        done = subprocess.run([hotspot, *argv], capture_output=True, text=True)
        if done.returncode != 0:
            return [f"model: hotspot {argv[0]} failed: {done.stderr.strip()[-400:]}"]
    done = qgis.run("run", os.path.abspath(MODEL), f"--incidents={sample}/police_uk",
                    f"--study_area={sample}/boundaries/herts_districts.geojson",
                    "--study_area_where=lad17nm = 'Welwyn Hatfield'", "--cameras=3",
                    f"--density:Density surface={qgis_out}/density.tif", f"--cctv:CCTV sites={qgis_out}/cctv",
                    json_output=True)
    if done.returncode != 0:
        return [f"model: qgis_process run failed: {done.stdout.strip()[-600:]} {done.stderr.strip()[-600:]}"]
    found = compare_outputs(cli_out, qgis_out)
    print(f"model {os.path.basename(MODEL)}: {len(files_under(cli_out))} files, "
          f"{'the same bytes as density then cctv' if not found else 'DIFFERENT'}")
    return [f"model: {problem}" for problem in found]


def mode_run(hotspot, qgis, description, work, sample, named):
    commands = {c["name"]: c for c in description["commands"]}
    only = {n for n in named if not n.startswith("!")}
    left_out = {n[1:] for n in named if n.startswith("!")}
    wanted = {n for n in commands if (not only or n in only) and n not in left_out}
    if not wanted:
        print(f"SKIPPED: describe --json lists none of {sorted(only)} yet")
        return SKIP
    cli_root, qgis_root = os.path.join(work, "cli"), os.path.join(work, "qgis")
    for root in (cli_root, qgis_root):
        shutil.rmtree(root, ignore_errors=True)
        os.makedirs(root)
    problems, ran = [], set()
    for name, argv in CASES:
        if name not in wanted:
            continue
        ran.add(name)
        cli_argv = [a.format(sample=sample, out=cli_root, cli=cli_root) for a in argv]
        qgis_argv = [a.format(sample=sample, out=qgis_root, cli=cli_root) for a in argv]
        started = time.monotonic()
        cli = subprocess.run([hotspot, *cli_argv], capture_output=True, text=True)
        cli_seconds = time.monotonic() - started
        if cli.returncode != 0:
            problems.append(f"{name}: the command line failed: {cli.stderr.strip()[-500:]}")
            continue
        parameters = to_parameters(commands[name], qgis_argv)
        started = time.monotonic()
        done = qgis.run("run", algorithm_id(name), *parameters, json_output=True)
        qgis_seconds = time.monotonic() - started
        if done.returncode != 0:
            problems.append(f"{name}: qgis_process run failed ({done.returncode}): {done.stdout.strip()[-800:]} "
                            f"{done.stderr.strip()[-800:]}")
            continue
        print(f"{algorithm_id(name)} {' '.join(parameters)}\n  command line {cli_seconds:.1f} s, qgis_process "
              f"{qgis_seconds:.1f} s; results: {json.dumps(done.json.get('results'))[:300]}")
        # Every destination given: the result names it, and what is there is the same bytes.
        flags = options_by_flag(commands[name])
        outputs = []
        for index, word in enumerate(cli_argv[:-1]):
            option = flags.get(word)
            if option is None or not option["role"].startswith("output_"):
                continue
            path, given = cli_argv[index + 1], qgis_argv[index + 1]
            got = done.json["results"].get(parameter_name(option["name"]))
            if got != given:
                problems.append(f"{name}: result {parameter_name(option['name'])} is {got!r}, not {given!r}")
            outputs.append(path)
            style = os.path.splitext(path)[0] + ".qml"  # the style the tool writes beside a file
            if not os.path.isdir(path) and (os.path.exists(style) or os.path.exists(qgis_root + style[len(cli_root):])):
                outputs.append(style)
        for path in outputs:
            other = qgis_root + path[len(cli_root):]
            found = compare_outputs(path, other)
            problems += [f"{name}: {problem}" for problem in found]
            print(f"  {os.path.relpath(path, cli_root)}: {len(files_under(path))} files, "
                  f"{'the same bytes' if not found else 'DIFFERENT'}")
    if {"density", "cctv"} <= wanted:
        problems += run_model(hotspot, qgis, sample, cli_root, qgis_root)
    missing = sorted(wanted - ran)
    if missing:
        print("no sample case for:", ", ".join(missing), "(add one to CASES)")
    for problem in problems:
        print("FAIL:", problem)
    return 1 if problems else 0


def main():
    if len(sys.argv) < 5 or sys.argv[1] not in ("list", "zip", "help", "run"):
        print(__doc__)
        return 2
    mode, hotspot, sample, work = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3]), \
        os.path.abspath(sys.argv[4])
    reason = skip_reason()
    if reason:
        print(f"SKIPPED: {reason}")
        return SKIP
    os.makedirs(work, exist_ok=True)
    description = describe(hotspot)
    if mode == "zip":
        return mode_zip(hotspot, description, work)
    qgis = QgisProcess(work, hotspot)
    if mode == "list":
        return mode_list(hotspot, qgis, description)
    if mode == "help":
        return mode_help(hotspot, qgis, description, work)
    return mode_run(hotspot, qgis, description, work, sample, sys.argv[5:])


if __name__ == "__main__":
    sys.exit(main())
