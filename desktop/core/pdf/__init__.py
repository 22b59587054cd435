"""Shared tool: PDF documents laid out per Nghị định 30/2020/NĐ-CP, Phụ lục I. `model` describes a document,
`nd30.render` makes the PDF with `typeset` (fonts, sizes, styles) and `grid` (tables); `heading` gives the
unit's heading and signature lines, `certificate` the Giấy khen.

Knows nothing of any feature: imports only reportlab, `desktop.core.text`, `desktop.paths` and the standard
library. No Qt: the engine runs in the command line, the tests and a GUI worker alike.
"""
