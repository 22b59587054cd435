"""The demo's "SỔ MẪU" in the Word copy: a text watermark behind every page, the way Word itself writes one (Thiết
kế → Hình mờ → Hình mờ tùy chỉnh: a VML WordArt shape, type 136 "text path", anchored in each section's headers),
so that a copy of a demo document edited in Word or LibreOffice still says it is a demo on every page.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import quoteattr

from docx.oxml import parse_xml

_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
       'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"')
# Word's own definition of the text-path shape type (ECMA-376 Part 4, VML "shapetype" 136).
_SHAPETYPE = """<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"
 path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/>
 <v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/>
 <v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/>
 <v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>
 <v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800"
 o:connectangles="270,180,90,0"/><v:textpath on="t" fitshape="t"/>
 <v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>
 <o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>"""


def _run(text: str, number: int) -> Any:
    style = ("position:absolute;margin-left:0;margin-top:0;width:440pt;height:120pt;rotation:315;"
             "z-index:-251654144;mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
             "mso-position-vertical:center;mso-position-vertical-relative:margin")
    return parse_xml(
        f'<w:r {_NS}><w:rPr><w:noProof/></w:rPr><w:pict>{_SHAPETYPE}'
        f'<v:shape id="SoMauWatermark{number}" o:spid="_x0000_s{2048 + number}" type="#_x0000_t136" '
        f'style="{style}" o:allowincell="f" fillcolor="#d1d1d1" stroked="f">'
        f'<v:textpath style="font-family:&quot;Times New Roman&quot;;font-size:1pt;font-weight:bold" '
        f'string={quoteattr(text)}/></v:shape></w:pict></w:r>')


def add_watermark(document: Any, text: str) -> None:
    """`text` behind every page of `document`: in each header a section has of its own (a linked one shows the
    previous section's, which already holds it). The first section gets both of its headers (a first page without a
    DỰ THẢO mark has none yet, and Word would then print its first page bare)."""
    number = 0
    for index, section in enumerate(document.sections):
        for header in (section.header, section.first_page_header):
            if index == 0:
                header.is_linked_to_previous = False
            elif header.is_linked_to_previous:
                continue
            number += 1
            header.paragraphs[0]._p.append(_run(text, number))
