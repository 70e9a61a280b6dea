"""Writing items out as interchange files, one YAML file per item.

The output is deterministic (same content, same bytes) so that exports can live in
version control: keys in the field map's order, empty values left out, times
always quoted "HH:MM", multi-line text as literal blocks, Unicode written as is.
Images go next to the file under images/<key>/, named by their role.
"""

import os
import tempfile
from pathlib import Path, PurePosixPath

import yaml

from .fields import Dump, TimeText


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        # Indent list items under their key, as people write YAML by hand.
        return super().increase_indent(flow, False)


def _str(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _time(dumper, value):
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style='"')


_Dumper.add_representer(str, _str)
_Dumper.add_representer(TimeText, _time)


def dump(data):
    return yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**9, indent=2
    )


def write_atomically(path, content):
    """Write via a temporary file in the same folder, so no half-written file is ever seen."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def export(format, instance, directory):
    """Write one item (and its images) into directory; returns the YAML file's path."""
    directory = Path(directory)
    # A name with "/" (a free page's path, career/training) is a file in a sub-folder,
    # with its images beside it: image paths are relative to the file, inside its folder.
    name = PurePosixPath(format.file_name(instance))
    folder = directory.joinpath(*name.parent.parts)
    context = Dump("export", folder=name.name)
    data = format.dump(format.load(instance), context)
    for fieldfile, relative in context.files:
        with fieldfile.open("rb") as fh:
            write_atomically(folder / relative, fh.read())
    path = folder / f"{name.name}.yaml"
    write_atomically(path, dump(data).encode())
    return path
