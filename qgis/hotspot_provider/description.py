"""What `hotspot describe --json` says about the tool's commands, and the names the provider
gives them. Plain Python (no QGIS), so the rules can be read and tested on their own.

The provider writes no parameter list of its own: every algorithm, parameter, default, range
and choice comes from this description, which the tool generates from the same declarations
as its command line (include/hotspot/step/options.hpp)."""

import json
import os
import shutil
import subprocess

#: Environment variable naming the hotspot executable (after the provider's own setting).
EXECUTABLE_ENV = "HOTSPOT_EXECUTABLE"

#: The provider's own parameter on every algorithm: open the outputs in QGIS when done.
OPEN_OUTPUTS = "OPEN_OUTPUTS"

#: An incidents option becomes two parameters: NAME (layers of the project, or files QGIS can
#: open as layers) and NAME + PATH_SUFFIX (one path as the command line takes it: a folder,
#: a file, a glob, a police.uk .zip download or a PG: connection string). QGIS 3.22's widget
#: for a list of files keeps only what opens as a layer, so the path is a File parameter
#: (folder chooser, any text typed).
PATH_SUFFIX = "_PATH"


class DescribeError(Exception):
    """The tool could not be found or could not describe itself."""


def find_executable(configured=""):
    """The hotspot executable: the provider setting when set, else $HOTSPOT_EXECUTABLE, else
    `hotspot` on PATH. None when there is none."""
    for candidate in (configured, os.environ.get(EXECUTABLE_ENV, "")):
        if candidate:
            if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
                return os.path.abspath(candidate)
            found = shutil.which(candidate)
            if found:
                return found
    return shutil.which("hotspot")


def read_description(executable, timeout=60):
    """The parsed output of `EXECUTABLE describe --json`; raises DescribeError with the
    tool's own message when it fails."""
    try:
        done = subprocess.run([executable, "describe", "--json"], capture_output=True, text=True, timeout=timeout,
                              check=False)
    except (OSError, subprocess.SubprocessError) as error:
        raise DescribeError(f"{executable} describe --json could not run: {error}") from error
    if done.returncode != 0:
        raise DescribeError(f"{executable} describe --json failed (exit {done.returncode}): {done.stderr.strip()}")
    try:
        description = json.loads(done.stdout)
    except ValueError as error:
        raise DescribeError(f"{executable} describe --json printed no JSON: {error}") from error
    if description.get("tool") != "hotspot" or not isinstance(description.get("commands"), list):
        raise DescribeError(f"{executable} is not hotspot (describe --json has no hotspot commands)")
    return description


def algorithm_name(command):
    """The algorithm's id within the provider: the command's words joined by "_"
    ("cctv rotate" -> "cctv_rotate")."""
    return "_".join(command["name"].split())


def parameter_name(option_name):
    """A Processing parameter's name for a CLI option: upper case, "-" as "_"
    ("within-where" -> "WITHIN_WHERE"), as QGIS's own algorithms name theirs."""
    return option_name.upper().replace("-", "_")


def parameter_names(option):
    """Every parameter an option becomes (two for incidents, see PATH_SUFFIX)."""
    name = parameter_name(option["name"])
    if option["role"] == "incidents":
        return [name, name + PATH_SUFFIX]
    return [name]


def default_value(option):
    """The option's default as a Python value of its type; None when it has none."""
    text = option.get("default", "")
    kind = option["type"]
    if kind == "flag":
        return text == "true"
    if text == "":
        return None
    if kind == "integer":
        return int(text)
    if kind == "number":
        return float(text)
    return text


def number_text(value):
    """A number as the command line takes it back: "60", "0.25", "1e-07"."""
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def same_as_default(option, text):
    """True when `text` (a value as the command line would get it) means the option's default,
    so the option need not be passed at all (which also keeps exclusive options apart)."""
    default = option.get("default", "")
    if default == "":
        return text == ""
    if option["type"] in ("integer", "number"):
        try:
            return float(text) == float(default)
        except ValueError:
            return False
    if option["type"] in ("integers", "numbers"):
        try:
            return [float(v) for v in split_list(text)] == [float(v) for v in split_list(default)]
        except ValueError:
            return False
    return text == default


def split_list(text):
    """A comma-separated list as the command line splits it (blanks around items dropped)."""
    return [part.strip() for part in text.split(",") if part.strip() != ""]


def label(option):
    """A parameter's label: the option's help, with its unit; a help too long for a dialog row
    is cut before its first parenthesis or clause, else at a word (the tooltip has it whole)."""
    text = option.get("help", "").strip() or option["name"]
    if option["role"] == "incidents" and option.get("positional"):
        text = "Incidents"
    elif len(text) > 80:
        cuts = [at for at in (text.find(" ("), text.find("; "), text.find(": ")) if 25 <= at <= 100]
        if cuts:
            text = text[:min(cuts)]
        else:
            text = text[:text.rfind(" ", 0, 78)].rstrip(",;:") + "…"
    unit = option.get("unit", "")
    said = (f"({unit})", f"[{unit}]", "metres" if unit == "m" else None, "degrees" if unit == "\u00b0" else None)
    if unit and not any(word and word in text for word in said):
        text += f" [{unit}]"
    return text


def tooltip(option):
    """The parameter's help (its tooltip): the whole help, the flag, group, default, limits."""
    lines = [option.get("help", "")]
    lines.append(f"Command line: {option['flag']}" + (f" ({option['short']})" if option.get("short") else ""))
    lines.append(f"Group: {option.get('group', '')}")
    if option.get("default", "") != "":
        lines.append(f"Default: {option['default']}{(' ' + option['unit']) if option.get('unit') else ''}")
    if "minimum" in option or "maximum" in option:
        low = option.get("minimum")
        high = option.get("maximum")
        text = "Range: "
        text += ("above " if option.get("minimum_exclusive") else "from ") + number_text(low) if low is not None else ""
        text += (" " if low is not None and high is not None else "") + (f"up to {number_text(high)}" if high is not None else "")
        lines.append(text)
    if option.get("needs"):
        lines.append("Only with: " + ", ".join(parameter_name(n) for n in option["needs"]))
    if option.get("excludes"):
        lines.append("Not with: " + ", ".join(parameter_name(n) for n in option["excludes"]))
    if option.get("default_differs"):
        lines.append("This command's default differs on purpose: " + option["default_differs"])
    return "\n".join(line for line in lines if line)
