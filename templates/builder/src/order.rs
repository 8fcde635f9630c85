//! Puts the children of WordprocessingML property elements in the order the
//! schema (ECMA-376) requires. docx-rs writes some of them out of order
//! (e.g. `w:rPr` first in `w:pPr`, `w:headerReference` after `w:cols`);
//! LibreOffice does not mind, Word may report the file as damaged.
//! Everything else is written back byte for byte.

use quick_xml::events::Event;
use quick_xml::Reader;

enum Node {
    /// Raw bytes written as they were (text, declarations, comments).
    Raw(Vec<u8>),
    El {
        name: Vec<u8>,
        /// The raw inside of the start tag (name and attributes).
        head: Vec<u8>,
        children: Vec<Node>,
        empty: bool,
    },
}

const PPR: &[&str] = &[
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
    "sectPr", "pPrChange",
];
const RPR: &[&str] = &[
    "ins", "del", "moveFrom", "moveTo", "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps",
    "smallCaps", "strike", "dstrike", "outline", "shadow", "emboss", "imprint", "noProof",
    "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs",
    "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
    "eastAsianLayout", "specVanish", "oMath", "rPrChange",
];
const SECTPR: &[&str] = &[
    "headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
    "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
    "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange",
];
const STYLE: &[&str] = &[
    "name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority",
    "semiHidden", "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose",
    "personalReply", "rsid", "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr",
];
const TBLPR: &[&str] = &[
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
    "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
    "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription", "tblPrChange",
];
const TCPR: &[&str] = &[
    "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
    "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel",
    "cellMerge", "tcPrChange",
];
const PBDR: &[&str] = &["top", "left", "bottom", "right", "between", "bar"];
const SETTINGS: &[&str] = &[
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts",
    "saveSubsetFonts", "saveFormsData", "mirrorMargins", "alignBordersAndEdges",
    "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter", "gutterAtTop",
    "hideSpellingErrors", "hideGrammaticalErrors", "activeWritingStyle", "proofState",
    "formsDesign", "attachedTemplate", "linkStyles", "stylePaneFormatFilter",
    "stylePaneSortMethod", "documentType", "mailMerge", "revisionView", "trackRevisions",
    "doNotTrackMoves", "doNotTrackFormatting", "documentProtection", "autoFormatOverride",
    "styleLockTheme", "styleLockQFSet", "defaultTabStop", "autoHyphenation",
    "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps", "showEnvelope",
    "summaryLength", "clickAndTypeStyle", "defaultTableStyle", "evenAndOddHeaders",
    "bookFoldRevPrinting", "bookFoldPrinting", "bookFoldPrintingSheets",
    "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin", "drawingGridHorizontalOrigin",
    "drawingGridVerticalOrigin", "doNotShadeFormData", "noPunctuationKerning",
    "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars", "noLineBreaksAfter",
    "noLineBreaksBefore", "savePreviewPicture", "doNotValidateAgainstSchema", "saveInvalidXml",
    "ignoreMixedContent", "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml",
    "saveXmlDataOnly", "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags",
    "alwaysMergeEmptyNamespace", "updateFields", "hdrShapeDefaults", "footnotePr", "endnotePr",
    "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang",
    "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures",
    "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary",
    "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
];

fn order_for(name: &[u8]) -> Option<&'static [&'static str]> {
    match name {
        b"w:pPr" => Some(PPR),
        b"w:rPr" => Some(RPR),
        b"w:sectPr" => Some(SECTPR),
        b"w:style" => Some(STYLE),
        b"w:tblPr" => Some(TBLPR),
        b"w:tcPr" => Some(TCPR),
        b"w:pBdr" => Some(PBDR),
        b"w:settings" => Some(SETTINGS),
        _ => None,
    }
}

fn local(name: &[u8]) -> &[u8] {
    match name.iter().position(|&c| c == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

fn rank(order: &[&str], node: &Node) -> usize {
    match node {
        Node::El { name, .. } => order
            .iter()
            .position(|o| o.as_bytes() == local(name))
            .unwrap_or(order.len()),
        Node::Raw(_) => order.len() + 1,
    }
}

fn sort(nodes: &mut Vec<Node>, parent: Option<&[u8]>) {
    for n in nodes.iter_mut() {
        if let Node::El { name, children, .. } = n {
            let name = name.clone();
            sort(children, Some(&name));
        }
    }
    if let Some(order) = parent.and_then(order_for) {
        // Stable: elements the table does not know keep their relative place
        // at the end; whitespace text has no meaning inside these elements.
        nodes.retain(|n| !matches!(n, Node::Raw(r) if r.iter().all(|c| c.is_ascii_whitespace())));
        nodes.sort_by_key(|n| rank(order, n));
        // An empty w:rPr inside w:pPr says nothing.
        if parent == Some(b"w:pPr".as_slice()) {
            nodes.retain(|n| {
                !matches!(n, Node::El { name, children, .. } if name.as_slice() == b"w:rPr" && children.is_empty())
            });
        }
    }
}

fn write(nodes: &[Node], out: &mut Vec<u8>) {
    for n in nodes {
        match n {
            Node::Raw(r) => out.extend_from_slice(r),
            Node::El {
                name,
                head,
                children,
                empty,
            } => {
                out.push(b'<');
                out.extend_from_slice(head);
                if *empty && children.is_empty() {
                    out.extend_from_slice(b"/>");
                } else {
                    out.push(b'>');
                    write(children, out);
                    out.extend_from_slice(b"</");
                    out.extend_from_slice(name);
                    out.push(b'>');
                }
            }
        }
    }
}

pub fn reorder(data: &[u8]) -> Result<Vec<u8>, String> {
    let mut reader = Reader::from_reader(data);
    let cfg = reader.config_mut();
    cfg.trim_text(false);
    cfg.expand_empty_elements = false;
    let mut stack: Vec<Node> = Vec::new();
    let mut top: Vec<Node> = Vec::new();
    let mut buf = Vec::new();
    fn push(stack: &mut [Node], top: &mut Vec<Node>, n: Node) {
        match stack.last_mut() {
            Some(Node::El { children, .. }) => children.push(n),
            _ => top.push(n),
        }
    }
    loop {
        let ev = reader
            .read_event_into(&mut buf)
            .map_err(|e| e.to_string())?;
        match ev {
            Event::Start(e) => stack.push(Node::El {
                name: e.name().as_ref().to_vec(),
                head: (&*e).to_vec(),
                children: Vec::new(),
                empty: false,
            }),
            Event::Empty(e) => {
                let n = Node::El {
                    name: e.name().as_ref().to_vec(),
                    head: (&*e).to_vec(),
                    children: Vec::new(),
                    empty: true,
                };
                push(&mut stack, &mut top, n);
            }
            Event::End(_) => {
                let n = stack.pop().ok_or("unbalanced end tag")?;
                push(&mut stack, &mut top, n);
            }
            Event::Text(t) => push(&mut stack, &mut top, Node::Raw((&*t).to_vec())),
            Event::GeneralRef(r) => {
                let mut v = b"&".to_vec();
                v.extend_from_slice(&*r);
                v.push(b';');
                push(&mut stack, &mut top, Node::Raw(v));
            }
            Event::CData(t) => {
                let mut v = b"<![CDATA[".to_vec();
                v.extend_from_slice(&*t);
                v.extend_from_slice(b"]]>");
                push(&mut stack, &mut top, Node::Raw(v));
            }
            Event::Decl(d) => {
                let mut v = b"<?".to_vec();
                v.extend_from_slice(&*d);
                v.extend_from_slice(b"?>");
                push(&mut stack, &mut top, Node::Raw(v));
            }
            Event::PI(d) => {
                let mut v = b"<?".to_vec();
                v.extend_from_slice(&*d);
                v.extend_from_slice(b"?>");
                push(&mut stack, &mut top, Node::Raw(v));
            }
            Event::Comment(c) => {
                let mut v = b"<!--".to_vec();
                v.extend_from_slice(&*c);
                v.extend_from_slice(b"-->");
                push(&mut stack, &mut top, Node::Raw(v));
            }
            Event::DocType(d) => {
                let mut v = b"<!DOCTYPE ".to_vec();
                v.extend_from_slice(&*d);
                v.push(b'>');
                push(&mut stack, &mut top, Node::Raw(v));
            }
            Event::Eof => break,
        }
        buf.clear();
    }
    if !stack.is_empty() {
        return Err("unclosed element".into());
    }
    sort(&mut top, None);
    let mut out = Vec::with_capacity(data.len());
    write(&top, &mut out);
    Ok(out)
}
