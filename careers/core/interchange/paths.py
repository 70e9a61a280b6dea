"""Paths inside an interchange folder: the one rule for every path import reads and export writes.

An image path in a file (import) and the file and image names an export builds from
stored values (a free page's path, an image's name) are relative to a folder and must
stay in it, whatever they hold: `..`, an absolute path, a NUL, a name too long for the
file system, a symlink out of the folder. inside() resolves such a path or raises
UnsafePath, whose message finishes a sentence about the path ("'../a.png' はフォルダの
外を指しています"), so that each command reports it at the item or line it came from.
Imports nothing of the portal.
"""

import errno
import os
from pathlib import Path, PurePosixPath

NAME_MAX = 255  # bytes in one file or folder name on Linux, macOS and Windows alike

FILE_SYSTEM_ERRORS = {
    errno.EACCES: "読み取り・書き込みの権限がありません",
    errno.EPERM: "読み取り・書き込みの権限がありません",
    errno.ENAMETOOLONG: "名前が長すぎます",
    errno.ENOENT: "見つかりません",
    errno.ENOTDIR: "途中にフォルダでないものがあります",
    errno.EISDIR: "ファイルではなくフォルダです",
    errno.ELOOP: "シンボリックリンクが循環しています",
}


class UnsafePath(Exception):
    """A path that cannot be used; the message says why, as the end of a sentence."""


def describe(error):
    """An OSError (or the ValueError of a NUL) in words for the person running a command."""
    if isinstance(error, ValueError):
        return "NUL 文字（U+0000）が含まれています"
    return FILE_SYSTEM_ERRORS.get(error.errno, error.strerror or str(error))


def inside(folder, relative):
    """folder/relative, resolved (symlinks followed), if it is inside folder; else UnsafePath."""
    text = str(relative)
    if "\0" in text:
        raise UnsafePath("に NUL 文字（U+0000）が含まれています")
    if "\\" in text or PurePosixPath(text).is_absolute():
        raise UnsafePath("は相対パスではありません（「/」で始まるパスや「\\」は使えません）")
    if any(len(os.fsencode(part)) > NAME_MAX for part in PurePosixPath(text).parts):
        raise UnsafePath(f"は名前が長すぎます（1つの名前は {NAME_MAX} バイトまで）")
    base = Path(folder).resolve()
    try:
        target = (base / text).resolve()
    except (OSError, ValueError) as exc:
        raise UnsafePath(f"は使えません（{describe(exc)}）") from exc
    if not target.is_relative_to(base):
        raise UnsafePath("はフォルダの外を指しています")
    return target


def file_inside(folder, relative):
    """inside(), for a file that must exist: a regular file, not a folder."""
    target = inside(folder, relative)
    try:
        if target.is_dir():
            raise UnsafePath("はファイルではなくフォルダです")
        if not target.is_file():
            raise UnsafePath("が見つかりません")
    except OSError as exc:
        raise UnsafePath(f"は使えません（{describe(exc)}）") from exc
    return target
