"""PDF documents laid out per Nghị định 30/2020/NĐ-CP: `model` describes a document, `nd30.render` makes the PDF.

No Qt here: the engine runs in the command line, the tests and a GUI worker alike.
"""
