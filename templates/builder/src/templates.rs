//! The six templates of the pack, each a list of blocks in the national
//! format. Fixed headings are typed in; everything else comes from data.

use crate::kit::*;
use docx_rs::*;

pub struct Template {
    pub name: &'static str,
    pub blocks: Blocks,
}

fn hdr(vv: bool) -> Block {
    Block::T(header_block(&HeaderOpts { so_ngay: true, vv }))
}

fn sign(report: bool, ho_ten_optional: bool) -> Vec<Block> {
    vec![
        gap_before_signature(),
        Block::T(signature_block(&SignOpts {
            noi_nhan_optional: report,
            ho_ten_optional,
        })),
    ]
}

fn cells_p(text: &str, style: &str) -> Paragraph {
    p(style, text)
}

fn bold_cell(width: usize, text: &str) -> TableCell {
    tcell(width).add_paragraph(cells_p(text, S_BANG_DAU))
}

fn centre_cell(width: usize, text: &str) -> TableCell {
    tcell(width).add_paragraph(cells_p(text, S_BANG).align(AlignmentType::Center))
}

fn text_cell(width: usize, text: &str) -> TableCell {
    tcell(width).add_paragraph(cells_p(text, S_BANG))
}

/// Kế hoạch (seed 003, the plan).
pub fn ke_hoach() -> Template {
    let mut b: Blocks = vec![hdr(false)];
    b.extend(title_block("KẾ HOẠCH", None));
    b.extend(mo_dau());
    b.push(fixed_muc("I. MỤC ĐÍCH, YÊU CẦU"));
    b.extend(khoan_block("muc_dich_yeu_cau"));
    b.push(fixed_muc("II. NỘI DUNG"));
    b.extend(khoan_block("noi_dung"));
    b.push(fixed_muc("III. HÌNH THỨC VÀ THỜI GIAN THỰC HIỆN"));
    b.extend(khoan_block("hinh_thuc_thoi_gian"));
    b.push(fixed_muc("IV. TỔ CHỨC THỰC HIỆN"));
    b.extend(khoan_block("to_chuc_thuc_hien"));
    b.extend(ket_luan());
    b.extend(sign(false, false));
    Template {
        name: "ke-hoach",
        blocks: b,
    }
}

/// Đề cương báo cáo (seed 003, the outline attached to the plan).
pub fn de_cuong_bao_cao() -> Template {
    let mut b: Blocks = vec![Block::T(header_block(&HeaderOpts {
        so_ngay: false,
        vv: false,
    }))];
    let kem_theo = pf(
        S_TRICH_YEU,
        "(Kèm theo {{loai}} số {{#so}}{{so | hai_so}}{{/so}}{{^so}}        {{/so}}/{{ky_hieu}} {{#ngay}}{{ngay | ngay}}{{/ngay}}{{^ngay}}ngày      tháng      năm 20…{{/ngay}} của {{co_quan_ban_hanh}})",
        &|r: Run| r.disable_bold().italic(),
    )
    .line_spacing(LineSpacing::new().before(60).after(0));
    b.extend(title_block("ĐỀ CƯƠNG BÁO CÁO", None));
    // The "(Kèm theo …)" line goes right under the trích yếu, above the rule.
    let rule_at = b.len() - 2;
    b.insert(rule_at, tag("{{/kem_theo}}"));
    b.insert(rule_at, Block::P(kem_theo));
    b.insert(rule_at, tag("{{#kem_theo}}"));
    b.extend(mo_dau());
    b.extend(phan_block());
    b.push(tag("{{#ghi_chu}}"));
    b.push(Block::P(pf(S_BODY, "{{.}}", &|r: Run| r.italic())));
    b.push(tag("{{/ghi_chu}}"));
    Template {
        name: "de-cuong-bao-cao",
        blocks: b,
    }
}

/// Chương trình hành động (seed 002) with its table of chỉ tiêu.
pub fn chuong_trinh_hanh_dong() -> Template {
    let mut b: Blocks = vec![hdr(false)];
    b.extend(title_block("CHƯƠNG TRÌNH HÀNH ĐỘNG", None));
    b.extend(mo_dau());
    b.push(fixed_muc("I. MỤC ĐÍCH, YÊU CẦU"));
    b.extend(khoan_block("muc_dich_yeu_cau"));
    b.push(fixed_muc("II. CÁC CHỈ TIÊU CHỦ YẾU"));
    b.extend(paras("doan_chi_tieu"));
    let w = [794usize, 5102, 1985, 1474];
    let head = TableRow::new(vec![
        bold_cell(w[0], "TT"),
        bold_cell(w[1], "Chỉ tiêu"),
        bold_cell(w[2], "Mức phấn đấu"),
        bold_cell(w[3], "Thời hạn"),
    ])
    .cant_split();
    let group = TableRow::new(vec![
        tcell(w[0]).add_paragraph(cells_p("{{#nhom_chi_tieu}}{{so_nhom}}", S_BANG_DAU)),
        tcell(w[1] + w[2] + w[3])
            .grid_span(3)
            .add_paragraph(cells_p("{{ten_nhom}}", S_BANG).bold()),
    ])
    .cant_split();
    let item = TableRow::new(vec![
        centre_cell(w[0], "{{#chi_tieu}}{{so_chi_tieu}}"),
        text_cell(w[1], "{{noi_dung}}"),
        centre_cell(w[2], "{{muc_tieu}}"),
        centre_cell(w[3], "{{thoi_han}}{{/chi_tieu}}{{/nhom_chi_tieu}}"),
    ])
    .cant_split();
    b.push(Block::T(table(vec![head, group, item], w.to_vec())));
    b.push(gap(120));
    b.push(fixed_muc("III. NHIỆM VỤ, GIẢI PHÁP THỰC HIỆN"));
    b.extend(khoan_block("nhiem_vu_giai_phap"));
    b.push(fixed_muc("IV. TỔ CHỨC THỰC HIỆN"));
    b.extend(khoan_block("to_chuc_thuc_hien"));
    b.extend(ket_luan());
    b.extend(sign(false, false));
    Template {
        name: "chuong-trinh-hanh-dong",
        blocks: b,
    }
}

/// Công văn hướng dẫn (seed 004): V/v under the number, Kính gửi list.
pub fn cong_van_huong_dan() -> Template {
    let mut b: Blocks = vec![hdr(true), gap(240)];
    b.extend(kinh_gui());
    b.extend(mo_dau());
    b.extend(muc_block("muc"));
    b.extend(ket_luan());
    b.extend(sign(false, false));
    Template {
        name: "cong-van-huong-dan",
        blocks: b,
    }
}

/// Báo cáo sơ kết (seed 001; the half-year report after seed 004's outline).
pub fn bao_cao_so_ket() -> Template {
    let mut b: Blocks = vec![hdr(false)];
    b.extend(title_block("BÁO CÁO", None));
    b.extend(mo_dau());
    b.extend(phan_block());
    b.extend(ket_luan());
    b.extend(sign(true, false));
    Template {
        name: "bao-cao-so-ket",
        blocks: b,
    }
}

/// Báo cáo tổng kết nhiệm kỳ (seed 000): chỉ tiêu → kết quả → tỷ lệ.
pub fn bao_cao_tong_ket_nhiem_ky() -> Template {
    let mut b: Blocks = vec![hdr(false)];
    b.extend(title_block("BÁO CÁO", None));
    b.extend(mo_dau());
    b.push(Block::P(p(S_PHAN, "Phần thứ nhất")));
    b.push(Block::P(p(S_PHAN_TEN, "{{tieu_de_phan_thu_nhat | hoa}}")));
    b.push(fixed_muc("I. TÌNH HÌNH CÔNG NHÂN, VIÊN CHỨC, LAO ĐỘNG"));
    b.extend(khoan_block("tinh_hinh"));
    b.push(fixed_muc("II. {{ten_muc_ket_qua | hoa}}"));
    b.extend(khoan_block("ket_qua"));
    b.push(Block::P(p(
        S_KHOAN,
        "{{so_khoan_chi_tieu}}. {{ten_khoan_chi_tieu}}",
    )));
    let w = [567usize, 3402, 3118, 1020, 1248];
    let head = TableRow::new(vec![
        bold_cell(w[0], "TT"),
        bold_cell(w[1], "Chỉ tiêu Đại hội đề ra"),
        bold_cell(w[2], "Kết quả thực hiện"),
        bold_cell(w[3], "Tỷ lệ"),
        bold_cell(w[4], "Đánh giá"),
    ])
    .cant_split();
    let group = TableRow::new(vec![
        tcell(w[0]).add_paragraph(cells_p("{{#nhom_chi_tieu}}{{so_nhom}}", S_BANG_DAU)),
        tcell(w[1] + w[2] + w[3] + w[4])
            .grid_span(4)
            .add_paragraph(cells_p("{{ten_nhom}}", S_BANG).bold()),
    ])
    .cant_split();
    let rate = "{{#thuc_hien}}{{#lam_tron}}{{thuc_hien | ti_le: ke_hoach, 0}}{{/lam_tron}}{{^lam_tron}}{{thuc_hien | ti_le: ke_hoach}}{{/lam_tron}}{{/thuc_hien}}{{^thuc_hien}}{{#ty_le}}{{ty_le}}{{/ty_le}}{{/thuc_hien}}";
    let item = TableRow::new(vec![
        centre_cell(w[0], "{{#chi_tieu}}{{@stt}}"),
        text_cell(w[1], "{{noi_dung}}"),
        text_cell(w[2], "{{ket_qua}}"),
        centre_cell(w[3], rate),
        centre_cell(w[4], "{{danh_gia}}{{/chi_tieu}}{{/nhom_chi_tieu}}"),
    ])
    .cant_split();
    b.push(Block::T(table(vec![head, group, item], w.to_vec())));
    b.push(gap(120));
    b.extend(khoan_block("han_che"));
    b.push(Block::P(p(S_PHAN, "Phần thứ hai")));
    b.push(Block::P(p(S_PHAN_TEN, "{{tieu_de_phan_thu_hai | hoa}}")));
    b.extend(muc_block("muc"));
    b.extend(ket_luan());
    b.extend(sign(true, true));
    Template {
        name: "bao-cao-tong-ket-nhiem-ky",
        blocks: b,
    }
}

pub fn all() -> Vec<Template> {
    vec![
        ke_hoach(),
        de_cuong_bao_cao(),
        chuong_trinh_hanh_dong(),
        cong_van_huong_dan(),
        bao_cao_so_ket(),
        bao_cao_tong_ket_nhiem_ky(),
    ]
}
