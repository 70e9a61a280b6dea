"""Articles out to the YAML interchange format, one file per article.

The output is deterministic (same content, same bytes) so that exports can live
in version control: keys in the documented order, empty optional keys left
out, times always quoted "HH:MM", multi-line text as literal blocks, Unicode
written as is. Images go next to the file under images/<slug>/.
"""

import os
import tempfile
from pathlib import Path

import yaml
from django.utils import timezone


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        # Indent list items under their key, as people write YAML by hand.
        return super().increase_indent(flow, False)


class _Time(str):
    """A time of day, always written quoted so no YAML reader takes it for a number."""


def _str(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _time(dumper, value):
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style='"')


_Dumper.add_representer(str, _str)
_Dumper.add_representer(_Time, _time)


def _datetime(value):
    return timezone.localtime(value).isoformat() if value else None


def _compact(mapping):
    """Leave out empty optional values; the importer reads a missing key as empty."""
    return {k: v for k, v in mapping.items() if v not in (None, "", [], {})}


def _image(fieldfile, slug, name, images):
    """Remember an image to copy and return its path relative to the YAML file.

    The name depends on its role (hero, photo-1…), not on the stored file name,
    so that exporting after a re-import gives the same paths.
    """
    if not fieldfile:
        return None
    relative = f"images/{slug}/{name}{Path(fieldfile.name).suffix.lower()}"
    images.append((fieldfile, relative))
    return relative


def article_data(article):
    """The article as the YAML document's data, plus the images it refers to."""
    images = []
    profiles = []
    for number, p in enumerate(article.profiles.all(), 1):
        schedule = [
            _compact(
                {
                    "time": _Time(f"{e.start:%H:%M}"),
                    "end": _Time(f"{e.end:%H:%M}") if e.end else None,
                    "title": e.title,
                    "place": e.place,
                    "detail": e.detail,
                }
            )
            for e in p.schedule.all()
        ]
        qa = [
            _compact({"question": a.question, "answer": a.body, "note": a.note})
            for a in p.answers.all()
        ]
        profiles.append(
            _compact(
                {
                    "case_label": p.case_label,
                    "label": p.label,
                    "job_category": p.job_category.name if p.job_category else None,
                    "affiliation": p.affiliation,
                    "affiliation_short": p.affiliation_short,
                    "duties": p.duties,
                    "career": p.career,
                    "motivation": p.motivation,
                    "entry_route": p.entry_route.name if p.entry_route else None,
                    "department": p.department.name if p.department else None,
                    "photo": _image(p.photo, article.slug, f"photo-{number}", images),
                    "photo_alt": p.photo_alt,
                    "schedule": schedule,
                    "qa": qa,
                }
            )
        )
    data = _compact(
        {
            "slug": article.slug,
            "title": article.title,
            "status": article.status,
            "published_at": _datetime(article.published_at),
            "revised_at": article.revised_at,
            "as_of": article.as_of,
            "expires_at": _datetime(article.expires_at),
            "category": article.category.name if article.category else None,
            "tags": [t.name for t in article.tags.all()],
            "lead": article.lead,
            "hero_image": _image(article.hero_image, article.slug, "hero", images),
            "hero_alt": article.hero_alt,
            "meta_description": article.meta_description,
            "profiles": profiles,
            "closing": _compact({"heading": article.closing_heading, "body": article.closing_body}),
        }
    )
    return data, images


def dump(data):
    return yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**9, indent=2
    )


def _write_atomically(path, content):
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


def export_article(article, directory):
    """Write one article (and its images) into directory; returns the YAML path."""
    directory = Path(directory)
    data, images = article_data(article)
    for fieldfile, relative in images:
        with fieldfile.open("rb") as fh:
            _write_atomically(directory / relative, fh.read())
    path = directory / f"{article.slug}.yaml"
    _write_atomically(path, dump(data).encode())
    return path
