"""The interchange layer: one YAML file per item, for import, export and comparison.

- reading.py: one file to data, with the line and source text of every value
- fields.py: the field kinds a content type's Format declares, and Node
- importing.py: all-or-nothing import (validation is the model's full_clean())
- exporting.py: deterministic export, every path checked before anything is written
- paths.py: the one rule for a path inside a folder (image paths read, files written)

A content type declares its Format in its own app (interviews/interchange.py).
"""
