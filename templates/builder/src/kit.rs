//! Building blocks shared by every template: page setup, Word styles, the
//! header block (ô 1–4), the title block (ô 5a), the body loops, the
//! signature block with "Nơi nhận" (ô 7, 9b) and the page-number header.
//!
//! Sizes are in twentieths of a point (twips) and half-points, as Word
//! stores them. 1 mm = 56.7 twips.

use docx_rs::*;

pub const FONT: &str = "Times New Roman";

/// Text width: A4 (210 mm) less 30 mm left and 15 mm right = 165 mm.
pub const TEXT_W: usize = 9355;
/// Left column of the header and signature tables (ô 2, 3, 9b): 65 mm.
pub const LEFT_W: usize = 3685;
/// Right column (ô 1, 4, 7): 100 mm, wide enough for a one-line Quốc hiệu.
pub const RIGHT_W: usize = 5670;
/// Default cell padding left and right (0.19 cm), as Word uses.
pub const CELL_PAD: usize = 108;

// Style ids (ASCII) and their display names in Word.
pub const S_BODY: &str = "VBNoiDung";
pub const S_MUC: &str = "VBMuc";
pub const S_KHOAN: &str = "VBKhoan";
pub const S_TIEU_KHOAN: &str = "VBTieuKhoan";
pub const S_DIEM: &str = "VBDiem";
pub const S_PHAN: &str = "VBPhan";
pub const S_PHAN_TEN: &str = "VBTenPhan";
pub const S_TEN_LOAI: &str = "VBTenLoai";
pub const S_TRICH_YEU: &str = "VBTrichYeu";
pub const S_TAG: &str = "VBThe";
pub const S_NOI_NHAN_NHAN: &str = "VBNoiNhanNhan";
pub const S_NOI_NHAN: &str = "VBNoiNhan";
pub const S_KY: &str = "VBChuKy";
pub const S_BANG: &str = "VBBang";
pub const S_BANG_DAU: &str = "VBBangTieuDe";
pub const S_FOOTNOTE_TEXT: &str = "FootnoteText";
pub const S_FOOTNOTE_REF: &str = "FootnoteReference";
pub const S_HEADER: &str = "Header";
pub const S_KINH_GUI: &str = "VBKinhGui";

pub fn fonts() -> RunFonts {
    RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .east_asia(FONT)
        .cs(FONT)
}

fn spacing(before: u32, after: u32, line: Option<i32>) -> LineSpacing {
    let s = LineSpacing::new().before(before).after(after);
    match line {
        Some(l) => s.line(l).line_rule(LineSpacingType::Auto),
        None => s.line(240).line_rule(LineSpacingType::Auto),
    }
}

fn pstyle(id: &str, name: &str) -> Style {
    Style::new(id, StyleType::Paragraph)
        .name(name)
        .based_on("Normal")
        .q_format(true)
}

fn keep_next(mut s: Style) -> Style {
    s.paragraph_property = s.paragraph_property.keep_next(true);
    s
}

/// Word styles, so that a user editing the template keeps the look.
pub fn styles() -> Vec<Style> {
    // Body text: justified, first line 1.27 cm, 6 pt after, 1.2 lines.
    let body = pstyle(S_BODY, "VB Nội dung")
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(720)), None, None)
        .line_spacing(spacing(0, 120, Some(288)))
        .size(28);
    let muc = keep_next(
        pstyle(S_MUC, "VB Đề mục I")
            .based_on(S_BODY)
            .next(S_BODY)
            .bold()
            .line_spacing(spacing(60, 120, Some(288)))
            .outline_lvl(1),
    );
    let khoan = keep_next(
        pstyle(S_KHOAN, "VB Đề mục 1")
            .based_on(S_BODY)
            .next(S_BODY)
            .bold()
            .outline_lvl(2),
    );
    let tieu_khoan = keep_next(
        pstyle(S_TIEU_KHOAN, "VB Đề mục 1.1")
            .based_on(S_BODY)
            .next(S_BODY)
            .bold()
            .italic()
            .outline_lvl(3),
    );
    let diem = keep_next(
        pstyle(S_DIEM, "VB Đề mục a")
            .based_on(S_BODY)
            .next(S_BODY)
            .italic()
            .outline_lvl(4),
    );
    let phan = keep_next(
        pstyle(S_PHAN, "VB Phần")
            .next(S_PHAN_TEN)
            .align(AlignmentType::Center)
            .bold()
            .size(28)
            .line_spacing(spacing(240, 0, None))
            .outline_lvl(0),
    );
    let phan_ten = keep_next(
        pstyle(S_PHAN_TEN, "VB Tên phần")
            .next(S_BODY)
            .align(AlignmentType::Center)
            .bold()
            .size(28)
            .line_spacing(spacing(0, 120, None)),
    );
    let ten_loai = keep_next(
        pstyle(S_TEN_LOAI, "VB Tên loại văn bản")
            .next(S_TRICH_YEU)
            .align(AlignmentType::Center)
            .bold()
            .size(28)
            .line_spacing(spacing(360, 0, None)),
    );
    let trich_yeu = keep_next(
        pstyle(S_TRICH_YEU, "VB Trích yếu")
            .next(S_BODY)
            .align(AlignmentType::Center)
            .bold()
            .size(28)
            .line_spacing(spacing(0, 0, None)),
    );
    let tag = pstyle(S_TAG, "VB Thẻ điều khiển (mất khi điền)")
        .size(20)
        .color("7F7F7F")
        .line_spacing(spacing(0, 0, None));
    let nn_nhan = pstyle(S_NOI_NHAN_NHAN, "VB Nơi nhận (nhãn)")
        .bold()
        .italic()
        .size(24)
        .line_spacing(spacing(0, 0, None));
    let nn = pstyle(S_NOI_NHAN, "VB Nơi nhận")
        .size(22)
        .line_spacing(spacing(0, 0, None));
    let ky = pstyle(S_KY, "VB Chữ ký")
        .align(AlignmentType::Center)
        .bold()
        .size(28)
        .line_spacing(spacing(0, 0, None));
    let bang = pstyle(S_BANG, "VB Bảng")
        .size(26)
        .align(AlignmentType::Both)
        .line_spacing(spacing(40, 40, None));
    let bang_dau = pstyle(S_BANG_DAU, "VB Bảng tiêu đề")
        .based_on(S_BANG)
        .align(AlignmentType::Center)
        .bold();
    let fn_text = Style::new(S_FOOTNOTE_TEXT, StyleType::Paragraph)
        .name("footnote text")
        .based_on("Normal")
        .align(AlignmentType::Both)
        .size(24)
        .line_spacing(spacing(0, 0, None));
    let mut fn_ref = Style::new(S_FOOTNOTE_REF, StyleType::Character).name("footnote reference");
    fn_ref.run_property = fn_ref.run_property.vert_align(VertAlignType::SuperScript);
    let header = Style::new(S_HEADER, StyleType::Paragraph)
        .name("header")
        .based_on("Normal")
        .align(AlignmentType::Center)
        .size(28)
        .line_spacing(spacing(0, 0, None));
    // "Kính gửi:" 2 cm in, the recipients aligned under the colon at 4.25 cm.
    let kinh_gui = pstyle(S_KINH_GUI, "VB Kính gửi")
        .align(AlignmentType::Left)
        .indent(Some(2410), Some(SpecialIndentType::Hanging(1276)), None, None)
        .line_spacing(spacing(0, 0, Some(288)))
        .size(28);
    vec![
        kinh_gui, body, muc, khoan, tieu_khoan, diem, phan, phan_ten, ten_loai, trich_yeu, tag, nn_nhan,
        nn, ky, bang, bang_dau, fn_text, fn_ref, header,
    ]
}

/// One block of the document body.
pub enum Block {
    P(Paragraph),
    T(Table),
}

pub type Blocks = Vec<Block>;

/// Runs for a piece of fixed or tag text; "\n" becomes a line break, "\t" a tab.
pub fn runs(text: &str, fmt: &dyn Fn(Run) -> Run) -> Vec<Run> {
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let mut run = fmt(Run::new());
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                run = run.add_tab();
            }
            if !piece.is_empty() {
                run = run.add_text(piece);
            }
        }
        out.push(run);
    }
    out
}

fn plain(r: Run) -> Run {
    r
}

/// A paragraph in a style, text as one or more plain runs.
pub fn p(style: &str, text: &str) -> Paragraph {
    let mut para = Paragraph::new().style(style);
    for r in runs(text, &plain) {
        para = para.add_run(r);
    }
    para
}

/// A paragraph whose runs carry direct formatting.
pub fn pf(style: &str, text: &str, fmt: &dyn Fn(Run) -> Run) -> Paragraph {
    let mut para = Paragraph::new().style(style);
    for r in runs(text, fmt) {
        para = para.add_run(r);
    }
    para
}

/// A control paragraph holding one section tag alone; it disappears on fill.
pub fn tag(t: &str) -> Block {
    Block::P(p(S_TAG, t))
}

fn push_p(out: &mut Blocks, para: Paragraph) {
    out.push(Block::P(para));
}

/// A short centred rule: an empty paragraph with a bottom border, its width
/// set by the left and right indents.
pub fn rule(indent_each_side: i32, space_before: u32) -> Paragraph {
    let border = ParagraphBorder::new(ParagraphBorderPosition::Bottom)
        .val(BorderType::Single)
        .size(6)
        .space(1)
        .color("000000");
    let mut para = Paragraph::new()
        .style("Normal")
        .align(AlignmentType::Center)
        .indent(Some(indent_each_side), None, Some(indent_each_side), None)
        .line_spacing(
            LineSpacing::new()
                .before(space_before)
                .after(0)
                .line(80)
                .line_rule(LineSpacingType::Exact),
        )
        .size(4);
    para.property = para
        .property
        .set_borders(ParagraphBorders::with_empty().set(border));
    para
}

// ---------------------------------------------------------------------------
// Header block (ô 1–4), borderless two-column table.

fn cell(width: usize) -> TableCell {
    TableCell::new()
        .width(width, WidthType::Dxa)
        .vertical_align(VAlignType::Top)
        .clear_all_border()
}

fn centred(text: &str, size: usize, bold: bool, italic: bool) -> Paragraph {
    let fmt = move |r: Run| {
        let mut r = r.size(size);
        if bold {
            r = r.bold();
        }
        if italic {
            r = r.italic();
        }
        r
    };
    pf("Normal", text, &fmt)
        .align(AlignmentType::Center)
        .line_spacing(spacing(0, 0, None))
}

fn borderless(rows: Vec<TableRow>, grid: Vec<usize>) -> Table {
    Table::without_borders(rows)
        .set_grid(grid)
        .width(TEXT_W, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(0, CELL_PAD, 0, CELL_PAD))
}

pub struct HeaderOpts {
    /// Print the "Số: …/…" and date row.
    pub so_ngay: bool,
    /// Công văn: "V/v <trích yếu>" under the number.
    pub vv: bool,
}

/// Left: chủ quản over the issuing body with its short rule; right: Quốc hiệu
/// and Tiêu ngữ with its rule. Second row: số, ký hiệu | place and date, so
/// both stand on one level whatever the name's length.
pub fn header_block(o: &HeaderOpts) -> Table {
    let left_text_w = (LEFT_W - 2 * CELL_PAD) as i32;
    let right_text_w = (RIGHT_W - 2 * CELL_PAD) as i32;
    // Rule under the issuing body: 22 mm (1/3–1/2 of "LIÊN ĐOÀN LAO ĐỘNG").
    let short = (left_text_w - 1247) / 2;
    let left = cell(LEFT_W)
        .add_paragraph(p(S_TAG, "{{#co_quan_chu_quan}}"))
        .add_paragraph(centred("{{co_quan_chu_quan | hoa}}", 26, false, false))
        .add_paragraph(p(S_TAG, "{{/co_quan_chu_quan}}"))
        .add_paragraph(centred("{{co_quan | hoa}}", 26, true, false))
        .add_paragraph(rule(short, 0));
    // Tiêu ngữ: its own paragraph carries the rule, narrowed to 58 mm so the
    // line is as long as the words (56 mm in 13 pt bold).
    let motto_w = 3288;
    let motto_ind = (right_text_w - motto_w) / 2;
    let border = ParagraphBorder::new(ParagraphBorderPosition::Bottom)
        .val(BorderType::Single)
        .size(6)
        .space(1)
        .color("000000");
    let mut motto = centred("Độc lập - Tự do - Hạnh phúc", 26, true, false).indent(
        Some(motto_ind),
        None,
        Some(motto_ind),
        None,
    );
    motto.property = motto
        .property
        .set_borders(ParagraphBorders::with_empty().set(border));
    let right = cell(RIGHT_W)
        .add_paragraph(centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 24, true, false))
        .add_paragraph(motto);
    let mut rows = vec![TableRow::new(vec![left, right])];
    if o.so_ngay {
        let so = centred(
            "Số: {{#so}}{{so | hai_so}}{{/so}}{{^so}}        {{/so}}/{{ky_hieu}}",
            26,
            false,
            false,
        )
        .line_spacing(spacing(120, 0, None));
        let mut l2 = cell(LEFT_W).add_paragraph(so);
        if o.vv {
            l2 = l2.add_paragraph(
                centred("V/v {{trich_yeu}}", 24, false, false).line_spacing(spacing(120, 0, None)),
            );
        }
        let date = centred(
            "{{dia_danh}}, {{#ngay}}{{ngay | ngay}}{{/ngay}}{{^ngay}}ngày      tháng      năm 20…{{/ngay}}",
            28,
            false,
            true,
        )
        .line_spacing(spacing(120, 0, None));
        let r2 = cell(RIGHT_W).add_paragraph(date);
        rows.push(TableRow::new(vec![l2, r2]));
    }
    borderless(rows, vec![LEFT_W, RIGHT_W])
}

/// Tên loại and trích yếu, centred, then a short rule (ô 5a).
pub fn title_block(ten_loai: &str, extra: Option<Paragraph>) -> Blocks {
    let mut out = Vec::new();
    push_p(&mut out, p(S_TEN_LOAI, ten_loai));
    push_p(&mut out, p(S_TRICH_YEU, "{{trich_yeu}}"));
    if let Some(e) = extra {
        push_p(&mut out, e);
    }
    // 40 mm rule, centred on the 165 mm text width.
    push_p(&mut out, rule(((TEXT_W as i32) - 2268) / 2, 0));
    // Some air before the body.
    push_p(
        &mut out,
        Paragraph::new()
            .style("Normal")
            .line_spacing(spacing(0, 0, None))
            .size(12),
    );
    out
}

// ---------------------------------------------------------------------------
// Body: paragraphs and the heading levels the seeds use. Every level has
// its own field names, so that a level that leaves a field out never picks
// up the same field from the level above it.

/// The text of one body paragraph. A paragraph is either simple
/// (`van`, optional `chu_thich` footnote at its end) or made of pieces
/// (`cac_phan`), each piece: an optional awaited figure (`cho_so` names it,
/// `so_lieu` fills it), its text `van`, an optional footnote `chu_thich`.
pub const PARA: &str = "{{#van}}{{van}}{{/van}}{{#chu_thich}}{{chu_thich | chu_thich}}{{/chu_thich}}{{#cac_phan}}{{#cho_so}}{{so_lieu}}{{/cho_so}}{{van}}{{#chu_thich}}{{chu_thich | chu_thich}}{{/chu_thich}}{{/cac_phan}}";

/// A list of body paragraphs held in field `list`.
pub fn paras(list: &str) -> Blocks {
    vec![
        tag(&format!("{{{{#{list}}}}}")),
        Block::P(p(S_BODY, PARA)),
        tag(&format!("{{{{/{list}}}}}")),
    ]
}

/// A heading at one level: bold title (`ten_*`) or a numbered body
/// paragraph (`mo_*`); either may be left out.
fn heading(out: &mut Blocks, style: &str, num: &str, sep: &str, ten: &str, mo: &str) {
    out.push(tag(&format!("{{{{#{ten}}}}}")));
    push_p(out, p(style, &format!("{{{{{num}}}}}{sep} {{{{{ten}}}}}")));
    out.push(tag(&format!("{{{{/{ten}}}}}")));
    out.push(tag(&format!("{{{{#{mo}}}}}")));
    push_p(out, p(S_BODY, &format!("{{{{{num}}}}}{sep} {{{{{mo}}}}}")));
    out.push(tag(&format!("{{{{/{mo}}}}}")));
}

/// Điểm "a)": `diem` items.
pub fn diem_block() -> Blocks {
    let mut out = vec![tag("{{#diem}}")];
    heading(&mut out, S_DIEM, "so_diem", ")", "ten_diem", "mo_diem");
    out.extend(paras("doan_diem"));
    out.push(tag("{{/diem}}"));
    out
}

/// Tiểu khoản "1.1.": `tieu_khoan` items.
pub fn tieu_khoan_block() -> Blocks {
    let mut out = vec![tag("{{#tieu_khoan}}")];
    heading(
        &mut out,
        S_TIEU_KHOAN,
        "so_tieu_khoan",
        ".",
        "ten_tieu_khoan",
        "mo_tieu_khoan",
    );
    out.extend(paras("doan_tieu_khoan"));
    out.extend(diem_block());
    out.push(tag("{{/tieu_khoan}}"));
    out
}

/// Khoản "1.": items of the list `list`.
pub fn khoan_block(list: &str) -> Blocks {
    let mut out = vec![tag(&format!("{{{{#{list}}}}}"))];
    heading(&mut out, S_KHOAN, "so_khoan", ".", "ten_khoan", "mo_khoan");
    out.extend(paras("doan_khoan"));
    out.extend(tieu_khoan_block());
    out.push(tag(&format!("{{{{/{list}}}}}")));
    out
}

/// Mục "I.": items of the list `list`; the title is printed in capitals.
pub fn muc_block(list: &str) -> Blocks {
    let mut out = vec![tag(&format!("{{{{#{list}}}}}"))];
    out.push(tag("{{#ten_muc}}"));
    push_p(&mut out, p(S_MUC, "{{so_muc}}. {{ten_muc | hoa}}"));
    out.push(tag("{{/ten_muc}}"));
    out.extend(paras("doan_muc"));
    out.extend(khoan_block("khoan"));
    out.push(tag(&format!("{{{{/{list}}}}}")));
    out
}

/// Phần: "Phần thứ nhất" and its title in capitals, then its mục.
pub fn phan_block() -> Blocks {
    let mut out = vec![tag("{{#phan}}")];
    out.push(tag("{{#ten_phan}}"));
    push_p(&mut out, p(S_PHAN, "{{ten_phan}}"));
    out.push(tag("{{/ten_phan}}"));
    out.push(tag("{{#tieu_de_phan}}"));
    push_p(&mut out, p(S_PHAN_TEN, "{{tieu_de_phan | hoa}}"));
    out.push(tag("{{/tieu_de_phan}}"));
    out.extend(paras("doan_phan"));
    out.extend(muc_block("muc"));
    out.push(tag("{{/phan}}"));
    out
}

/// A fixed mục heading typed in the template ("I. MỤC ĐÍCH, YÊU CẦU").
pub fn fixed_muc(text: &str) -> Block {
    Block::P(p(S_MUC, text))
}

/// Opening paragraphs (căn cứ, "Thực hiện …") in field `mo_dau`.
pub fn mo_dau() -> Blocks {
    paras("mo_dau")
}

/// Closing paragraphs in `ket_luan`; the last one ends the body with "./.".
/// They keep with the next paragraph, so the end of the body, "Nơi nhận" and
/// the signature stand on one page.
pub fn ket_luan() -> Blocks {
    vec![
        tag("{{#ket_luan}}"),
        Block::P(p(S_BODY, "{{.}}{{#@cuoi}}./.{{/@cuoi}}").keep_next(true)),
        tag("{{/ket_luan}}"),
    ]
}

/// "Kính gửi:" with the recipients aligned under the colon (ô 9a). One
/// recipient stays on the line; several get "- " and ";", the last ".".
pub fn kinh_gui() -> Blocks {
    let para = p(
        S_KINH_GUI,
        "{{#@dau}}Kính gửi:{{/@dau}}\t{{^@dau}}- {{/@dau}}{{#@dau}}{{^@cuoi}}- {{/@cuoi}}{{/@dau}}{{.}}{{^@cuoi}};{{/@cuoi}}{{#@cuoi}}{{^@dau}}.{{/@dau}}{{/@cuoi}}",
    )
    .add_tab(Tab::new().val(TabValueType::Left).pos(2410));
    vec![
        tag("{{#kinh_gui}}"),
        Block::P(para),
        tag("{{/kinh_gui}}"),
        Block::P(
            Paragraph::new()
                .style("Normal")
                .line_spacing(spacing(0, 0, None))
                .size(12),
        ),
    ]
}

// ---------------------------------------------------------------------------
// Signature block with "Nơi nhận" (ô 7, 9b).

pub struct SignOpts {
    /// Hide "Nơi nhận:" and the "Lưu" line when `luu` is missing (reports
    /// to a congress or meeting have none); otherwise a missing `luu` shows
    /// as a gap.
    pub noi_nhan_optional: bool,
    /// The signer's name may be left out (a body signs, e.g. "BAN CHẤP HÀNH").
    pub ho_ten_optional: bool,
}

pub fn signature_block(o: &SignOpts) -> Table {
    let mut left = cell(LEFT_W);
    if o.noi_nhan_optional {
        left = left.add_paragraph(p(S_TAG, "{{#luu}}"));
    }
    left = left.add_paragraph(p(S_NOI_NHAN_NHAN, "Nơi nhận:"));
    if o.noi_nhan_optional {
        left = left.add_paragraph(p(S_TAG, "{{/luu}}"));
    }
    left = left
        .add_paragraph(p(S_TAG, "{{#noi_nhan}}"))
        .add_paragraph(p(
            S_NOI_NHAN,
            "- {{.}}{{^@cuoi}};{{/@cuoi}}{{#@cuoi}}{{#luu}};{{/luu}}{{^luu}}.{{/luu}}{{/@cuoi}}",
        ))
        .add_paragraph(p(S_TAG, "{{/noi_nhan}}"));
    if o.noi_nhan_optional {
        left = left.add_paragraph(p(S_TAG, "{{#luu}}"));
    }
    left = left.add_paragraph(p(S_NOI_NHAN, "- Lưu: {{luu}}."));
    if o.noi_nhan_optional {
        left = left.add_paragraph(p(S_TAG, "{{/luu}}"));
    }

    let mut right = cell(RIGHT_W)
        .add_paragraph(p(S_TAG, "{{#nguoi_ky}}"))
        .add_paragraph(p(S_TAG, "{{#quyen_han}}"))
        .add_paragraph(p(S_KY, "{{quyen_han | hoa}}"))
        .add_paragraph(p(S_TAG, "{{/quyen_han}}"))
        .add_paragraph(p(S_TAG, "{{/nguoi_ky}}"))
        .add_paragraph(p(S_KY, "{{nguoi_ky.chuc_vu | hoa}}"))
        // A published copy (number and date given) shows "(đã ký)"; a
        // draft, with the clerk's blanks, leaves room for the signature
        // and the seal.
        .add_paragraph(p(S_TAG, "{{#so}}"))
        .add_paragraph(p(S_TAG, "{{#ngay}}"))
        .add_paragraph(pf(S_KY, "(đã ký)", &|r: Run| r.disable_bold().italic()))
        .add_paragraph(p(S_TAG, "{{/ngay}}"))
        .add_paragraph(p(S_TAG, "{{^ngay}}"));
    right = signing_room(right)
        .add_paragraph(p(S_TAG, "{{/ngay}}"))
        .add_paragraph(p(S_TAG, "{{/so}}"))
        .add_paragraph(p(S_TAG, "{{^so}}"));
    right = signing_room(right).add_paragraph(p(S_TAG, "{{/so}}"));
    if o.ho_ten_optional {
        right = right
            .add_paragraph(p(S_TAG, "{{#nguoi_ky}}"))
            .add_paragraph(p(S_TAG, "{{#ho_ten}}"))
            .add_paragraph(p(S_KY, "{{ho_ten}}"))
            .add_paragraph(p(S_TAG, "{{/ho_ten}}"))
            .add_paragraph(p(S_TAG, "{{/nguoi_ky}}"));
    } else {
        right = right.add_paragraph(p(S_KY, "{{nguoi_ky.ho_ten}}"));
    }
    borderless(
        vec![TableRow::new(vec![left, right]).cant_split()],
        vec![LEFT_W, RIGHT_W],
    )
}

/// Empty lines in the signature column: room for the signature and the seal.
fn signing_room(mut cell: TableCell) -> TableCell {
    for _ in 0..4 {
        cell = cell.add_paragraph(p(S_KY, ""));
    }
    cell
}

/// A small spacer paragraph.
pub fn gap(after: u32) -> Block {
    Block::P(spacer(after))
}

fn spacer(after: u32) -> Paragraph {
    Paragraph::new()
        .style("Normal")
        .line_spacing(spacing(0, after, None))
        .size(12)
}

/// The spacer before the signature block, kept on the page of the block.
pub fn gap_before_signature() -> Block {
    Block::P(spacer(120).keep_next(true))
}

// ---------------------------------------------------------------------------
// Tables of chỉ tiêu.

pub fn tcell(width: usize) -> TableCell {
    TableCell::new()
        .width(width, WidthType::Dxa)
        .vertical_align(VAlignType::Center)
}

pub fn table(rows: Vec<TableRow>, grid: Vec<usize>) -> Table {
    Table::new(rows)
        .set_grid(grid)
        .width(TEXT_W, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(0, 85, 0, 85))
}

// ---------------------------------------------------------------------------
// Page: A4, margins 20/20/30/15 mm, page number centred in the top margin,
// hidden on page 1.

pub fn page_header() -> Header {
    Header::new().add_paragraph(
        Paragraph::new()
            .style(S_HEADER)
            .add_page_num(PageNum::new()),
    )
}

pub fn first_page_header() -> Header {
    Header::new().add_paragraph(Paragraph::new().style(S_HEADER))
}

pub fn document(blocks: Blocks) -> Docx {
    let mut docx = Docx::new()
        .page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(1134)
                .bottom(1134)
                .left(1701)
                .right(850)
                .header(567)
                .footer(567),
        )
        .default_fonts(fonts())
        .default_size(28)
        .header(page_header())
        .first_header(first_page_header())
        .title_pg()
        .created_at("2024-01-01T00:00:00Z")
        .updated_at("2024-01-01T00:00:00Z");
    for s in styles() {
        docx = docx.add_style(s);
    }
    for b in blocks {
        docx = match b {
            Block::P(p) => docx.add_paragraph(p),
            Block::T(t) => docx.add_table(t),
        };
    }
    docx
}
