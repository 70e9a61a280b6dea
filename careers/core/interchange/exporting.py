"""Writing items out as interchange files, one YAML file per item.

The output is deterministic (same content, same bytes) so that exports can live in
version control: keys in the field map's order, empty values left out, times
always quoted "HH:MM", multi-line text as literal blocks, Unicode written as is.
Images go next to the file under images/<key>/, named by their role. Every path is
resolved inside the export's folder before anything is written (plan), so that a
stored value cannot make an export write elsewhere.
"""

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml

from careers.core.interchange.fields import Dump, TimeText
from careers.core.interchange.paths import UnsafePath, inside


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


@dataclass(frozen=True)
class ItemFiles:
    """What exporting one item writes: its YAML file and its images (FieldFile, path)."""

    path: Path
    content: bytes
    images: list


class ExportRefused(Exception):
    """An item whose stored values would put a file outside the export's folder."""


def plan(format, instance, directory):
    """One item's files, every path resolved inside directory (paths.inside), nothing
    written yet; raises ExportRefused naming the item. Its names come from stored values
    (a free page's path, an image's name), which a write to the database that bypassed
    validation could have made "../../x"."""
    # A name with "/" (a free page's path, career/training) is a file in a sub-folder,
    # with its images beside it: image paths are relative to the file, inside its folder.
    name = PurePosixPath(format.file_name(instance))
    context = Dump("export", folder=name.name)
    node = format.load(instance)
    data = format.dump(node, context)
    relative = f"{name}.yaml"
    try:
        path = inside(directory, relative)
        images = []
        for fieldfile, image in context.files:
            relative = f"{name.parent / image}"
            images.append((fieldfile, inside(directory, relative)))
    except UnsafePath as exc:
        raise ExportRefused(
            f"{format.key_of(node)!r} の{format.label}は書き出せません: 書き出し先 {relative!r} {exc}。"
            "管理画面で正しい値に直してから、もう一度書き出してください。"
        ) from exc
    return ItemFiles(path, dump(data).encode(), images)


def write(item):
    """Write one planned item's images, then its file; returns the file's path."""
    for fieldfile, path in item.images:
        with fieldfile.open("rb") as fh:
            write_atomically(path, fh.read())
    write_atomically(item.path, item.content)
    return item.path
