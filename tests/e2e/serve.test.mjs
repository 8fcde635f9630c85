// End-to-end test of the page of `vanban serve` in a real browser: Debian's
// chromium driven by playwright-core. Starts the release binary on a free
// loopback port, uses the three screens as a person would, checks what the
// downloads contain, and saves a screenshot of each screen into docs/.
//
// Run: cargo build --release && (cd tests/e2e && npm ci) && node --test tests/e2e/

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { unzipSync, strFromU8 } from 'fflate';
import ExcelJS from 'exceljs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = path.join(ROOT, 'target', 'release', 'vanban');
const SEED_000 = path.join(ROOT, '..', 'shared', 'corpus', 'seeds-docx', '000-bao-cao-chinh-tri-dai-hoi.docx');
const DOCS = path.join(ROOT, 'docs');
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-e2e-'));

/** Starts `vanban serve` on a free port; resolves with the process and its address. */
function startServer(extraArgs = []) {
  const child = spawn(BIN, ['serve', '--addr', '127.0.0.1:0', ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`vanban serve printed no address within 30 s:\n${seen}`));
    }, 30_000);
    const onData = (chunk) => {
      seen += chunk.toString();
      const match = /https?:\/\/127\.0\.0\.1:(\d+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve({ child, base: `http://127.0.0.1:${match[1]}/` });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`vanban serve exited (${code}) before printing its address:\n${seen}`));
    });
  });
}

function stopServer(server) {
  if (!server || server.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    server.child.once('exit', resolve);
    server.child.kill('SIGTERM');
  });
}

/** A browser with a new, empty profile. */
async function openBrowser() {
  const profile = fs.mkdtempSync(path.join(work, 'profile-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    locale: 'vi-VN',
    // The browser's own controls (the date picker) in Vietnamese, as on the
    // office PCs: on Linux chromium takes its language from the environment.
    env: { ...process.env, LANGUAGE: 'vi', LANG: 'vi_VN.UTF-8' },
    viewport: { width: 1366, height: 900 },
    acceptDownloads: true,
  });
}

/** The texts of a .docx part, with tags removed and entities decoded. */
function partText(docx, part = 'word/document.xml') {
  const xml = strFromU8(docx[part]);
  return xml
    .replace(/<w:tab\/>/g, '\t')
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Clicks and returns the download the click starts, as unzipped entries. */
async function download(page, click) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), click()]);
  const file = path.join(work, dl.suggestedFilename());
  await dl.saveAs(file);
  return { name: dl.suggestedFilename(), file, bytes: fs.readFileSync(file) };
}

/** Saves a screenshot of the screen, from the top, at a taller window than the test uses. */
async function shot(page, name, height = 1400) {
  fs.mkdirSync(DOCS, { recursive: true });
  const size = page.viewportSize();
  await page.setViewportSize({ width: size.width, height });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(DOCS, name) });
  await page.setViewportSize(size);
}

let server;
let context;
let page;
const pageErrors = [];

before(async () => {
  assert.ok(fs.existsSync(BIN), `${BIN} is missing: run cargo build --release first`);
  assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install chromium`);
  server = await startServer();
  context = await openBrowser();
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // The page must work with no internet: any request off this server fails the test.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(server.base) || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
    pageErrors.push(`request outside the server: ${url}`);
    return route.abort();
  });
});

after(async () => {
  await context?.close();
  await stopServer(server);
  fs.rmSync(work, { recursive: true, force: true });
});

/** Opens a screen on a freshly loaded page (a change of hash alone would keep the last state). */
async function openScreen(hash) {
  await page.goto('about:blank');
  await page.goto(`${server.base}${hash}`);
  await page.waitForSelector('body[data-ready="true"]');
}

test('Soạn văn bản: the ke-hoach form, filled from the sample and changed by typing, gives a .docx with that text', async () => {
  await openScreen('#soan');
  const screen = page.locator('#soan');
  await screen.getByLabel('Mẫu có sẵn').selectOption('ke-hoach');
  await page.getByRole('button', { name: 'Điền mẫu' }).click();
  assert.equal(await screen.getByLabel('Ký hiệu').inputValue(), 'KH-LĐLĐ');
  assert.equal(await screen.getByLabel('Họ và tên').inputValue(), 'Nông Văn Dũng');

  // Numbers are checked as typed, with the engine's Vietnamese notation.
  const so = screen.getByLabel('Số văn bản');
  await so.fill('1.2.3');
  await assert.doesNotReject(page.getByText('“1.2.3” không phải là số').waitFor());
  assert.equal(await so.getAttribute('aria-invalid'), 'true');
  await so.fill('1.500');
  assert.equal(await so.getAttribute('aria-invalid'), 'false');
  assert.equal(await page.getByText('không phải là số').count(), 0);
  await so.fill('45');

  // A date from the date picker, typed text with characters XML must escape.
  await screen.getByLabel('Ngày ban hành').fill('2026-04-15');
  const trichYeu = 'Tổ chức Tháng Công nhân năm 2026 & Ngày hội <CNVCLĐ>';
  await screen.getByLabel('Trích yếu').fill(trichYeu);
  await screen.getByLabel('Họ và tên').fill('Trần Thị Thu Hà');

  // Lists: add a Nơi nhận, move it up once, remove the first one.
  const noiNhan = page.locator('fieldset.list[data-name="noi_nhan"]');
  await noiNhan.getByRole('button', { name: 'Thêm vào “Nơi nhận”' }).click();
  const items = noiNhan.locator(':scope > .items > li');
  const count = await items.count();
  assert.equal(count, 7);
  await screen.getByLabel(`Nơi nhận, mục ${count}`, { exact: true }).fill('Ban Tuyên giáo LĐLĐ tỉnh (để biết)');
  await noiNhan.getByRole('button', { name: `Chuyển lên trên: Nơi nhận, mục ${count}` }).click();
  await noiNhan.getByRole('button', { name: 'Xóa: Nơi nhận, mục 1' }).click();
  assert.equal(await items.count(), 6);

  // A required value left empty is listed, with its gap, before anything downloads.
  await screen.getByRole('textbox', { name: 'Lưu', exact: true }).fill('');
  await page.getByRole('button', { name: 'Tải về .docx', exact: true }).click();
  const report = page.locator('#soan-report');
  await report.getByText('Còn 1 giá trị chưa điền').waitFor();
  await assert.doesNotReject(report.locator('.missing').getByRole('button', { name: 'Lưu' }).waitFor());
  assert.equal(await report.locator('.missing mark.gap').first().textContent(), '…');
  await report.getByRole('button', { name: /Vẫn tải về \.docx/ }).waitFor();
  await page.locator('fieldset.list[data-name="noi_dung"] .item-toggle').first().click();
  await shot(page, 'serve-soan.png');

  // Filled again: the document downloads at once.
  await report.locator('.missing').getByRole('button', { name: 'Lưu' }).click();
  assert.equal(await page.evaluate(() => document.activeElement.labels?.[0]?.textContent.trim()), 'Lưu *');
  await screen.getByRole('textbox', { name: 'Lưu', exact: true }).fill('VT, TH');
  const doc = await download(page, () => page.getByRole('button', { name: 'Tải về .docx', exact: true }).click());
  assert.match(doc.name, /\.docx$/);
  const entries = unzipSync(doc.bytes);
  const text = partText(entries);
  assert.ok(text.includes(trichYeu), 'typed trích yếu is in word/document.xml');
  assert.ok(strFromU8(entries['word/document.xml']).includes('&amp; Ngày hội &lt;CNVCLĐ&gt;'), 'typed text is escaped');
  assert.ok(text.includes('Trần Thị Thu Hà'));
  assert.ok(!text.includes('Nông Văn Dũng'), 'the sample name was replaced');
  assert.ok(text.includes('ngày 15 tháng 4 năm 2026'), 'the date picker value is in the document');
  assert.ok(text.includes('Số: 45/KH-LĐLĐ'), 'the typed number is in the document');
  assert.ok(text.includes('Lưu: VT, TH'));
  assert.ok(!text.includes('Thường trực Tỉnh ủy'), 'the removed Nơi nhận is gone');
  const added = text.indexOf('Ban Tuyên giáo LĐLĐ tỉnh (để biết)');
  const lastSample = text.indexOf('Văn phòng, VP UBKT và các ban chuyên đề');
  assert.ok(added > 0 && lastSample > added, 'the added Nơi nhận was moved above the last one');
  assert.ok(text.includes('Đánh giá đúng thực trạng tình hình CNVCLĐ'), 'the sample body is in the document');
  await page.locator('#soan-saved').waitFor();

  // PDF, offered when the server found LibreOffice.
  const health = await (await fetch(`${server.base}healthz`)).json();
  const pdfButton = screen.getByRole('button', { name: 'Tải về PDF', exact: true });
  assert.equal(await pdfButton.isVisible(), health.pdf === true);
  if (health.pdf) {
    const pdf = await download(page, () => pdfButton.click());
    assert.match(pdf.name, /\.pdf$/);
    assert.equal(pdf.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  }
  assert.deepEqual(pageErrors, []);
});

test('Tạo hàng loạt: the Excel header template, filled with two rows, gives a .zip of two documents and a manifest', async () => {
  await openScreen('#hang-loat');
  await page.locator('#hang-loat').getByLabel('Mẫu có sẵn').selectOption('ke-hoach');
  const header = await download(page, () => page.getByRole('button', { name: 'Tải bảng Excel mẫu' }).click());
  assert.match(header.name, /\.xlsx$/);

  // Fill the header template as a clerk would: one row per document.
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(header.file);
  const sheet = book.worksheets[0];
  const headers = [];
  sheet.getRow(1).eachCell((cell, col) => headers.push([String(cell.value), col]));
  const column = (name) => headers.find(([h]) => h === name)?.[1];
  for (const name of ['co_quan', 'ky_hieu', 'dia_danh', 'trich_yeu', 'luu']) {
    assert.ok(column(name), `the header template has a column ${name}: ${headers.map(([h]) => h).join(', ')}`);
  }
  const rows = [
    { co_quan: 'LIÊN ĐOÀN LAO ĐỘNG\nHUYỆN CƯ M’GAR', ky_hieu: 'KH-LĐLĐ', dia_danh: 'Cư M’gar', trich_yeu: 'Kế hoạch hàng loạt số một', luu: 'VT' },
    { co_quan: 'LIÊN ĐOÀN LAO ĐỘNG\nHUYỆN KRÔNG PẮC', ky_hieu: 'KH-LĐLĐ', dia_danh: 'Krông Pắc', trich_yeu: 'Kế hoạch hàng loạt số hai', luu: 'VT' },
  ];
  rows.forEach((values, i) => {
    const row = sheet.getRow(2 + i);
    for (const [name, value] of Object.entries(values)) row.getCell(column(name)).value = value;
    row.commit();
  });
  const filled = path.join(work, 'don-vi.xlsx');
  await book.xlsx.writeFile(filled);

  await page.locator('#hang-loat').getByLabel('Tệp dữ liệu (.xlsx hoặc .csv)').setInputFiles(filled);
  const preview = page.locator('#hl-preview');
  await preview.getByText('2 dòng dữ liệu → 2 văn bản').waitFor();
  const trichRow = preview.locator('table.map tr', { hasText: /^trich_yeu/ });
  await assert.doesNotReject(trichRow.getByText('Trích yếu').first().waitFor());
  const previewText = await preview.textContent();
  assert.ok(previewText.includes('trường không có dữ liệu'), `fields with no data are listed: ${previewText}`);
  // Columns left empty in every row and list sheets without rows are gaps too.
  await assert.doesNotReject(preview.locator('.unfilled code', { hasText: /^so$/ }).first().waitFor());
  await assert.doesNotReject(preview.locator('.unfilled code', { hasText: /^noi_nhan$/ }).first().waitFor());
  assert.ok(previewText.includes('trang “noi_nhan”'), 'list sheets are named');

  // Record the progress line as it changes while the documents are made.
  await page.evaluate(() => {
    window.progressSeen = [];
    const label = document.querySelector('#hl-progress-label');
    new MutationObserver(() => window.progressSeen.push(label.textContent)).observe(label, { childList: true, characterData: true, subtree: true });
  });
  const zip = await download(page, () => page.getByRole('button', { name: 'Tạo 2 văn bản (.zip)' }).click());
  assert.match(zip.name, /\.zip$/);
  await page.locator('#hl-done').waitFor();
  const seen = await page.evaluate(() => window.progressSeen);
  assert.ok(seen.some((t) => /^Đã tạo \d\/2 văn bản$/.test(t)), `progress was shown: ${JSON.stringify(seen)}`);
  await shot(page, 'serve-hang-loat.png');

  const entries = unzipSync(zip.bytes);
  const names = Object.keys(entries);
  const docs = names.filter((n) => n.endsWith('.docx'));
  assert.equal(docs.length, 2, `two documents in ${names.join(', ')}`);
  assert.ok(names.some((n) => n.endsWith('manifest.json')), 'manifest.json is in the zip');
  assert.ok(names.some((n) => n.endsWith('manifest.csv')), 'manifest.csv is in the zip');
  const texts = docs.map((n) => partText(unzipSync(entries[n])));
  for (const values of rows) {
    assert.ok(texts.some((t) => t.includes(values.trich_yeu)), `a document holds “${values.trich_yeu}”`);
  }
  assert.deepEqual(pageErrors, []);
});

test('Kiểm tra trước khi ký: seed 000 shows its gaps by section, in their sentences, and the annotated copy downloads', async () => {
  const cli = spawnSync(BIN, ['check', '--format', 'json', SEED_000], { encoding: 'utf8' });
  const expected = JSON.parse(cli.stdout);
  assert.ok(expected.findings.length > 0);

  await openScreen('#kiem-tra');
  await page.locator('#kiem-tra').getByLabel('Chọn bản thảo (.docx)').setInputFiles(SEED_000);
  const result = page.locator('#kt-result');
  await result.locator('.finding').first().waitFor();
  assert.equal(await result.locator('.finding').count(), expected.findings.length, 'every finding of vanban check is listed');
  await assert.doesNotReject(result.getByText(`${expected.summary.error} lỗi`, { exact: true }).waitFor());

  const group = result.locator('.group-card', { has: page.locator('.group-title', { hasText: 'Phần thứ nhất › I. › 2.' }) });
  const first = group.locator('.finding').first();
  assert.equal(await first.locator('.finding-msg').textContent(), 'Thiếu số liệu: số doanh nghiệp');
  assert.equal(await first.locator('mark.gap').textContent(), '….');
  assert.match(await first.locator('.sentence').textContent(), /tạm dừng hoạt động là …\. doanh nghiệp/);
  assert.equal(await first.locator('.finding-place').textContent(), 'Thân văn bản, đoạn 16');
  // A footnote is named by the number Word shows for it.
  const note = result.locator('.group-card', { has: page.locator('.group-title').getByText('Chú thích cuối trang 7', { exact: true }) });
  await assert.doesNotReject(note.first().waitFor());
  assert.equal(await note.locator('.finding-place').first().textContent(), 'Chú thích cuối trang 7');
  // "01 chỉ tiêu đạt 65% nội dung" is a rate of content, not of the figures
  // before it: no mismatch is shown, as the command line shows none.
  assert.equal(await result.getByText('Tỷ lệ không khớp số liệu').count(), 0);
  await shot(page, 'serve-kiem-tra.png');

  // A file that is not a .docx: the server's own Vietnamese message, as it is.
  const notDocx = Buffer.from('Đây không phải là tệp Word.\n');
  const api = await fetch(`${server.base}api/check`, { method: 'POST', body: notDocx });
  assert.ok(api.status >= 400 && api.status < 500, `a bad upload is a 4xx, got ${api.status}`);
  const { error } = await api.json();
  await page.locator('#kiem-tra').getByLabel('Chọn bản thảo (.docx)').setInputFiles({ name: 'ghi-chu.docx', mimeType: 'application/octet-stream', buffer: notDocx });
  const alert = page.locator('#kiem-tra [role="alert"]');
  await alert.waitFor();
  assert.equal((await alert.textContent()).trim(), error.message.trim());
  await page.locator('#kiem-tra').getByLabel('Chọn bản thảo (.docx)').setInputFiles(SEED_000);
  await result.locator('.finding').first().waitFor();
  assert.equal(await alert.isVisible(), false, 'the message goes when a good file is checked');

  const annotated = await download(page, () => page.getByRole('button', { name: 'Tải bản có đánh dấu (.docx)' }).click());
  const entries = unzipSync(annotated.bytes);
  assert.ok(entries['word/comments.xml'], 'the annotated copy has comments');
  assert.ok(strFromU8(entries['word/comments.xml']).includes('Thiếu số liệu: số doanh nghiệp'));
  assert.deepEqual(pageErrors, []);
});

test('Soạn văn bản from an own .docx template: the form comes from its tags, and missing values are listed before download', async () => {
  await openScreen('#soan');
  const screen = page.locator('#soan');
  await screen.getByLabel('Mẫu .docx của đơn vị').setInputFiles(path.join(ROOT, 'templates', 'ke-hoach.docx'));
  await screen.locator('#soan-form .fld[data-name="trich_yeu"] label code').waitFor();
  assert.equal(await screen.getByRole('button', { name: 'Điền mẫu' }).isVisible(), false, 'no sample for an own template');
  await screen.getByLabel('trich_yeu', { exact: true }).fill('Kế hoạch theo mẫu riêng của đơn vị');
  const noiNhan = screen.locator('fieldset.list[data-name="noi_nhan"]');
  await noiNhan.getByRole('button', { name: /Thêm vào/ }).click();
  await screen.getByLabel('noi_nhan, mục 1', { exact: true }).fill('Ban Thường vụ LĐLĐ tỉnh');

  await screen.getByRole('button', { name: 'Tải về .docx', exact: true }).click();
  const report = screen.locator('#soan-report');
  await report.getByText(/^Còn \d+ giá trị chưa điền/).waitFor();
  await assert.doesNotReject(report.locator('.missing').getByRole('button', { name: 'co_quan', exact: true }).waitFor());
  const doc = await download(page, () => report.getByRole('button', { name: /Vẫn tải về \.docx/ }).click());
  const text = partText(unzipSync(doc.bytes));
  assert.ok(text.includes('Kế hoạch theo mẫu riêng của đơn vị'));
  assert.ok(text.includes('Ban Thường vụ LĐLĐ tỉnh'));
  assert.deepEqual(pageErrors, []);
});

test('Tạo hàng loạt from an own .docx template and a .csv file', async () => {
  await openScreen('#hang-loat');
  const screen = page.locator('#hang-loat');
  await screen.getByLabel('Mẫu .docx của đơn vị').setInputFiles(path.join(ROOT, 'templates', 'ke-hoach.docx'));
  assert.equal(await screen.getByRole('button', { name: 'Tải bảng Excel mẫu' }).isDisabled(), true, 'no header template for an own template');
  const csv = 'co_quan,trich_yeu,cot_thua\nLĐLĐ HUYỆN EA KAR,Kế hoạch từ tệp CSV,x\n';
  await screen.getByLabel('Tệp dữ liệu (.xlsx hoặc .csv)').setInputFiles({ name: 'don-vi.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const preview = screen.locator('#hl-preview');
  await preview.getByText('1 dòng dữ liệu → 1 văn bản').waitFor();
  assert.ok((await preview.textContent()).includes('cot_thua'), 'the unused column is named');
  const zip = await download(page, () => screen.getByRole('button', { name: 'Tạo 1 văn bản (.zip)' }).click());
  const entries = unzipSync(zip.bytes);
  const docs = Object.keys(entries).filter((n) => n.endsWith('.docx'));
  assert.equal(docs.length, 1);
  assert.ok(partText(unzipSync(entries[docs[0]])).includes('Kế hoạch từ tệp CSV'));
  assert.deepEqual(pageErrors, []);
});

test('Khóa truy cập: on 401 the page asks for the key once, keeps it, and shows the server message for a wrong one', async () => {
  const key = 'khoa-thu-nghiem-2026';
  const keyed = await startServer(['--access-key', key]);
  const browser = await openBrowser();
  try {
    const p = browser.pages()[0] ?? (await browser.newPage());
    await p.goto(keyed.base);
    const dialog = p.getByRole('dialog', { name: 'Cần khóa truy cập' });
    await dialog.waitFor();
    await dialog.getByLabel('Khóa truy cập').fill('khoa-sai');
    await dialog.getByRole('button', { name: 'Tiếp tục' }).click();
    const alert = p.locator('#soan [role="alert"]');
    await alert.waitFor();
    assert.ok((await alert.textContent()).trim().length > 0, 'the server message is shown');
    assert.equal(await p.locator('#soan-template option[value="ke-hoach"]').count(), 0);

    await p.reload();
    await dialog.waitFor();
    await dialog.getByLabel('Khóa truy cập').fill(key);
    await dialog.getByRole('button', { name: 'Tiếp tục' }).click();
    await p.locator('#soan-template option[value="ke-hoach"]').waitFor({ state: 'attached' });
    assert.equal(await alert.isVisible(), false);

    // The key is kept: a new visit asks nothing.
    await p.reload();
    await p.waitForSelector('body[data-ready="true"]');
    assert.equal(await p.locator('#soan-template option[value="ke-hoach"]').count(), 1);
    assert.equal(await dialog.isVisible(), false);
  } finally {
    await browser.close();
    await stopServer(keyed);
  }
});
