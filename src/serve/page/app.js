// vanban: the page for office staff. Three screens (Soạn văn bản, Tạo hàng
// loạt, Kiểm tra trước khi ký) over the HTTP API of `vanban serve`. Plain
// ES module, no build step, nothing fetched from outside the server.

// ---------------------------------------------------------------------------
// Small DOM helper

/** Makes an element: h('p', {class: 'hint'}, 'text', child…). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key in el && typeof value !== 'string') el[key] = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

const $ = (selector, root = document) => root.querySelector(selector);

let lastId = 0;
const nextId = (prefix = 'f') => `${prefix}${++lastId}`;

// ---------------------------------------------------------------------------
// Numbers, read as the engine reads them (src/vi/number.rs, parse_number)

const allDigits = (s) => /^[0-9]+$/.test(s);

/** "1.500.000" → "1500000"; null unless the dots group thousands. */
function ungroup(s) {
  const groups = s.split('.');
  const first = groups[0];
  if (groups.length < 2) return null;
  if (first.length < 1 || first.length > 3 || !allDigits(first) || first.startsWith('0')) return null;
  for (const g of groups.slice(1)) if (g.length !== 3 || !allDigits(g)) return null;
  return groups.join('');
}

function toPlain(body) {
  if (/[eE]/.test(body)) {
    return /^[0-9][0-9.eE+-]*$/.test(body) ? body : null;
  }
  const comma = body.indexOf(',');
  if (comma >= 0) {
    const int = body.slice(0, comma);
    const frac = body.slice(comma + 1);
    if (!allDigits(frac)) return null;
    const whole = ungroup(int) ?? (allDigits(int) ? int : null);
    return whole === null ? null : `${whole}.${frac}`;
  }
  const grouped = ungroup(body);
  if (grouped !== null) return grouped;
  const dot = body.indexOf('.');
  if (dot < 0) return allDigits(body) ? body : null;
  return allDigits(body.slice(0, dot)) && allDigits(body.slice(dot + 1)) ? body : null;
}

/**
 * Reads a number written plainly or in Vietnamese notation, with the
 * engine's rules: "28.013" → 28013, "11.966,222" → 11966.222, "5,4" → 5.4,
 * "64%" → 64. Returns null for anything the engine would refuse.
 */
export function parseVietnameseNumber(text) {
  let s = String(text).trim();
  if (s.endsWith('%')) s = s.slice(0, -1).trimEnd();
  let negative = false;
  if (s.startsWith('-') || s.startsWith('\u2212')) {
    negative = true;
    s = s.slice(1);
  } else if (s.startsWith('+')) {
    s = s.slice(1);
  }
  const plain = toPlain(s);
  if (plain === null) return null;
  const value = Number(plain);
  if (!Number.isFinite(value)) return null;
  return negative ? -value : value;
}

/** A JSON number as text the engine reads back to the same value (decimal comma). */
function numberToText(value) {
  if (typeof value !== 'number') return String(value ?? '');
  const s = String(value);
  return /e/i.test(s) ? s : s.replace('.', ',');
}

// ---------------------------------------------------------------------------
// API: access key, errors, downloads

const KEY_STORE = 'vanban.accessKey';

class ApiError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

let keyPrompt = null;

/** Asks for the access key once (one dialog even if several calls wait). */
function askAccessKey() {
  if (keyPrompt) return keyPrompt;
  const dialog = $('#key-dialog');
  const input = $('#key-input');
  keyPrompt = new Promise((resolve) => {
    const done = (key) => {
      dialog.removeEventListener('close', onClose);
      keyPrompt = null;
      resolve(key);
    };
    const onClose = () => {
      const key = dialog.returnValue === 'ok' ? input.value.trim() : '';
      done(key || null);
    };
    dialog.addEventListener('close', onClose);
    input.value = '';
    dialog.returnValue = '';
    dialog.showModal();
    input.focus();
  });
  return keyPrompt;
}

/**
 * Calls the API. Answers 401 by asking for the access key and trying once
 * more; any other error becomes an ApiError with the server's message.
 */
async function api(path, { method = 'GET', body, headers = {} } = {}) {
  for (let attempt = 0; ; attempt++) {
    const key = localStorage.getItem(KEY_STORE);
    const all = { ...headers };
    if (key) all.Authorization = `Bearer ${key}`;
    let response;
    try {
      response = await fetch(path, { method, body, headers: all });
    } catch {
      throw new ApiError('Không kết nối được tới máy chủ vanban. Hãy kiểm tra chương trình vẫn đang chạy rồi thử lại.', 'network');
    }
    if (response.status === 401 && attempt === 0) {
      localStorage.removeItem(KEY_STORE);
      const entered = await askAccessKey();
      if (!entered) throw new ApiError('Chưa nhập khóa truy cập nên máy chủ không cho dùng chức năng này.', 'unauthorized');
      localStorage.setItem(KEY_STORE, entered);
      continue;
    }
    if (!response.ok) throw await errorOf(response);
    return response;
  }
}

async function errorOf(response) {
  let message = `Máy chủ báo lỗi ${response.status}.`;
  let code = `http-${response.status}`;
  try {
    const body = await response.json();
    if (body?.error?.message) {
      message = body.error.message;
      code = body.error.code ?? code;
    }
  } catch {
    // Not JSON: keep the status line.
  }
  if (response.status === 401) localStorage.removeItem(KEY_STORE);
  return new ApiError(message, code);
}

/** The file name of a download, from Content-Disposition. */
function fileNameOf(response, fallback) {
  const cd = response.headers.get('Content-Disposition') || '';
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(cd);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]+)"|filename\s*=\s*([^;]+)/i.exec(cd);
  return (plain && (plain[1] || plain[2]).trim()) || fallback;
}

/** Hands a blob to the browser as a download. */
function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

async function downloadResponse(response, fallback) {
  const name = fileNameOf(response, fallback);
  saveBlob(await response.blob(), name);
  return name;
}

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

// ---------------------------------------------------------------------------
// Screens: errors and busy buttons

function screenOf(el) {
  return el.closest('.screen');
}

function showError(screen, error) {
  const box = $('[data-error]', screen);
  box.textContent = error instanceof Error ? error.message : String(error);
  box.hidden = false;
  box.scrollIntoView({ block: 'nearest' });
}

function clearError(screen) {
  const box = $('[data-error]', screen);
  box.hidden = true;
  box.textContent = '';
}

/** Runs `work` with `button` shown busy; errors go to the button's screen. */
async function busy(button, work) {
  const screen = screenOf(button);
  clearError(screen);
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } catch (error) {
    showError(screen, error);
    return undefined;
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

/** Shows the chosen file's name beside a file picker (the browser's own text may be English). */
function showFileName(input) {
  const label = input.parentElement.querySelector('[data-file-name]');
  if (label) label.textContent = input.files?.[0]?.name || 'Chưa chọn tệp';
}

/** Empties a file picker. */
function clearFile(input) {
  input.value = '';
  showFileName(input);
}

// ---------------------------------------------------------------------------
// Templates of the pack

let templateList = null;
const templateDetails = new Map();

async function loadTemplates() {
  templateList ??= api('api/templates').then((r) => r.json());
  return templateList;
}

function templateDetail(name) {
  if (!templateDetails.has(name)) {
    const p = api(`api/templates/${encodeURIComponent(name)}`).then((r) => r.json());
    p.catch(() => templateDetails.delete(name));
    templateDetails.set(name, p);
  }
  return templateDetails.get(name);
}

/** The pack's templates, then the office's own (`--templates`) in a group of their own. */
function fillTemplateSelect(select, list) {
  const option = (t) => h('option', { value: t.name }, t.title || t.name);
  for (const t of list.filter((t) => t.source !== 'folder')) select.append(option(t));
  const own = list.filter((t) => t.source === 'folder');
  if (own.length) select.append(h('optgroup', { label: 'Mẫu của đơn vị' }, own.map(option)));
}

// ---------------------------------------------------------------------------
// Field specs: one description of a form field, from a pack schema or from
// the shape `vanban fields` infers from an uploaded template

/**
 * A spec: {name, label, kind, help, required, multiline, fields?, item?}
 * with kind one of string, text, number, date, bool, object, list. A list
 * has `fields` (items are objects) or `item` (items are single values).
 */
function specFromSchema(f) {
  const spec = {
    name: f.name,
    label: f.label || f.name,
    // Line breaks are typed with Enter in the form, not written as \n.
    help: (f.help || '').replace(/\\n/g, 'Enter'),
    required: Boolean(f.required),
    example: f.example,
  };
  switch (f.type) {
    case 'list':
      spec.kind = 'list';
      if (f.fields?.length) spec.fields = f.fields.map(specFromSchema);
      else spec.item = { name: f.name, label: spec.label, kind: 'string', multiline: true };
      break;
    case 'object':
      spec.kind = 'object';
      spec.fields = (f.fields || []).map(specFromSchema);
      break;
    case 'string':
      spec.kind = 'string';
      spec.multiline = typeof f.example === 'string' && f.example.includes('\n');
      break;
    case 'date':
      // The form has a date picker: the ISO format is not for people to type.
      spec.kind = 'date';
      spec.help = spec.help.replace(/\s*\(YYYY-MM-DD\)/, '');
      break;
    case 'text':
    case 'number':
    case 'bool':
      spec.kind = f.type;
      break;
    default:
      spec.kind = 'string';
  }
  return spec;
}

const SHAPE_HELP = {
  footnote: 'Nội dung chú thích cuối trang (footnote) đặt tại chỗ thẻ.',
  number: 'Số, viết như 28.013 hoặc 11.966,222.',
  date: 'Ngày, chọn trên lịch.',
  flag: 'Đánh dấu để hiện phần văn bản đi kèm.',
};

function kindFromShape(type) {
  return { text: 'string', footnote: 'text', number: 'number', date: 'date', flag: 'bool' }[type] || 'string';
}

function specFromShape(name, node) {
  const spec = { name, label: name, help: SHAPE_HELP[node.type] || '', required: false, code: true };
  if (node.type === 'object') {
    spec.kind = 'object';
    spec.fields = specsFromShape(node.fields || {});
  } else if (node.type === 'list' || node.type === 'list_or_object') {
    spec.kind = 'list';
    if (node.fields) spec.fields = specsFromShape(node.fields);
    else spec.item = { name, label: name, kind: kindFromShape(node.items), code: true };
    if (node.type === 'list_or_object') spec.help = 'Một hay nhiều mục; mỗi mục lặp lại đoạn văn bản của thẻ.';
  } else {
    spec.kind = kindFromShape(node.type);
  }
  return spec;
}

function specsFromShape(shape) {
  return Object.entries(shape).map(([name, node]) => specFromShape(name, node));
}

/** The spec at a path of names, looking through lists and objects. */
function specAt(specs, names) {
  let list = specs;
  let found = null;
  for (const name of names) {
    found = list?.find((s) => s.name === name) ?? null;
    if (!found) return null;
    list = found.fields;
  }
  return found;
}

// ---------------------------------------------------------------------------
// The form: rendering, filling, reading back

function labelNode(spec, text = spec.label) {
  const parts = [spec.code ? h('code', {}, text) : text];
  if (spec.required) parts.push(h('span', { class: 'req', 'aria-hidden': 'true' }, ' *'));
  return parts;
}

function renderFields(specs, data) {
  const box = h('div', { class: 'fields' });
  for (const spec of specs) box.append(renderField(spec, data?.[spec.name]));
  return box;
}

function renderField(spec, value) {
  if (spec.kind === 'list') return renderList(spec, value);
  if (spec.kind === 'object') {
    const hintId = spec.help ? nextId('h') : undefined;
    return h(
      'fieldset',
      { class: 'fld group', 'data-name': spec.name, 'data-kind': 'object', 'aria-describedby': hintId },
      h('legend', {}, labelNode(spec)),
      spec.help && h('p', { class: 'hint', id: hintId }, spec.help),
      renderFields(spec.fields, value),
    );
  }
  return renderScalar(spec, value);
}

/** One value: text box, number box, date picker or check box. */
function renderScalar(spec, value, { label, hiddenLabel = false } = {}) {
  const id = nextId();
  const hintId = `${id}-hint`;
  const errId = `${id}-err`;
  const wrap = h('div', { class: `fld kind-${spec.kind}`, 'data-name': spec.name, 'data-kind': spec.kind });
  const labelEl = h('label', { for: id, class: hiddenLabel ? 'sr-only' : undefined }, labelNode(spec, label ?? spec.label));
  const describedBy = [spec.help && !hiddenLabel ? hintId : null, errId].filter(Boolean).join(' ');
  let control;
  switch (spec.kind) {
    case 'bool':
      control = h('input', { type: 'checkbox', id, 'aria-describedby': spec.help ? hintId : undefined });
      control.checked = value === true;
      wrap.classList.add('check');
      wrap.append(control, labelEl);
      if (spec.help) wrap.append(h('p', { class: 'hint', id: hintId }, spec.help));
      return wrap;
    case 'text':
      control = h('textarea', { id, rows: 3, 'aria-describedby': describedBy });
      break;
    case 'number':
      control = h('input', { type: 'text', id, inputmode: 'decimal', autocomplete: 'off', 'aria-describedby': describedBy });
      control.addEventListener('input', () => checkNumber(wrap));
      break;
    case 'date':
      control = h('input', { type: 'date', id, 'aria-describedby': describedBy });
      break;
    default:
      control = spec.multiline
        ? h('textarea', { id, rows: 2, 'aria-describedby': describedBy })
        : h('input', { type: 'text', id, autocomplete: 'off', 'aria-describedby': describedBy });
  }
  if (spec.required) control.setAttribute('aria-required', 'true');
  if (value !== undefined && value !== null) {
    control.value = spec.kind === 'number' ? numberToText(value) : typeof value === 'string' ? value : String(value);
  }
  wrap.append(labelEl, control);
  if (spec.help && !hiddenLabel) wrap.append(h('p', { class: 'hint', id: hintId }, spec.help));
  wrap.append(h('p', { class: 'field-error', id: errId, hidden: true }));
  if (spec.kind === 'number' && control.value) checkNumber(wrap);
  return wrap;
}

/** Checks a number box as the engine would read it; true when fine or empty. */
function checkNumber(wrap) {
  const control = $('input', wrap);
  const err = $('.field-error', wrap);
  const text = control.value.trim();
  const ok = text === '' || parseVietnameseNumber(text) !== null;
  control.setAttribute('aria-invalid', ok ? 'false' : 'true');
  err.hidden = ok;
  err.textContent = ok ? '' : `“${text}” không phải là số. Viết số như 28.013, 1.500.000 hoặc 11.966,222 (dấu chấm ngăn nghìn, dấu phẩy trước phần lẻ).`;
  return ok;
}

/** A list: repeatable items, each can be moved up, down or removed. */
function renderList(spec, values) {
  const hintId = spec.help ? nextId('h') : undefined;
  const items = h('ol', { class: 'items' });
  const addLabel = `Thêm vào “${spec.label}”`;
  const fieldset = h(
    'fieldset',
    { class: 'fld list', 'data-name': spec.name, 'data-kind': 'list', 'aria-describedby': hintId },
    h('legend', {}, labelNode(spec)),
    spec.help && h('p', { class: 'hint', id: hintId }, spec.help),
    items,
  );
  const add = h('button', { type: 'button', class: 'add' }, h('span', { 'aria-hidden': 'true' }, '+ '), addLabel);
  add.addEventListener('click', () => {
    const item = renderItem(spec, undefined, true);
    items.append(item);
    renumber(fieldset);
    const first = $('input, textarea, select', item);
    first?.focus();
  });
  fieldset.append(add);
  if (Array.isArray(values)) for (const v of values) items.append(renderItem(spec, v, false));
  else if (values !== undefined && values !== null && typeof values === 'object') items.append(renderItem(spec, values, false));
  renumber(fieldset);
  return fieldset;
}

function itemTools(spec) {
  const tools = h('div', { class: 'item-tools' });
  for (const [action, text, symbol] of [
    ['up', 'Chuyển lên', '↑'],
    ['down', 'Chuyển xuống', '↓'],
    ['remove', 'Xóa', '✕'],
  ]) {
    tools.append(h('button', { type: 'button', class: `icon ${action}`, 'data-action': action, title: text }, symbol));
  }
  tools.addEventListener('click', (event) => {
    const button = event.target.closest('button');
    if (!button) return;
    const item = button.closest('li.item');
    const list = item.closest('fieldset.list');
    const action = button.dataset.action;
    if (action === 'up' && item.previousElementSibling) item.previousElementSibling.before(item);
    if (action === 'down' && item.nextElementSibling) item.nextElementSibling.after(item);
    if (action === 'remove') {
      const next = item.nextElementSibling || item.previousElementSibling;
      item.remove();
      renumber(list);
      (next ? $('.item-toggle, input, textarea', next) : $(':scope > .add', list)).focus();
      return;
    }
    renumber(list);
    button.focus();
  });
  return tools;
}

function renderItem(spec, value, open) {
  const li = h('li', { class: 'item' });
  if (!spec.fields) {
    li.classList.add('value-item');
    const row = h('div', { class: 'item-row' }, h('span', { class: 'item-num', 'aria-hidden': 'true' }));
    row.append(renderScalar(spec.item, value, { label: spec.label, hiddenLabel: true }), itemTools(spec));
    li.append(row);
    return li;
  }
  const bodyId = nextId('b');
  const toggle = h(
    'button',
    { type: 'button', class: 'item-toggle', 'aria-expanded': open ? 'true' : 'false', 'aria-controls': bodyId },
    h('span', { class: 'item-num' }),
    h('span', { class: 'item-preview' }),
  );
  const body = h('div', { class: 'item-body', id: bodyId, hidden: !open }, renderFields(spec.fields, value));
  toggle.addEventListener('click', () => setOpen(li, body.hidden));
  li.append(h('div', { class: 'item-head' }, toggle, itemTools(spec)), body);
  refreshPreview(li);
  return li;
}

function setOpen(li, open) {
  const toggle = $(':scope > .item-head > .item-toggle', li);
  const body = $(':scope > .item-body', li);
  if (!toggle) return;
  toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
  body.hidden = !open;
}

/** Numbers the items of a list and names their buttons for screen readers. */
function renumber(list) {
  const label = $(':scope > legend', list).textContent.replace(/\s*\*$/, '');
  const items = [...list.querySelectorAll(':scope > .items > li.item')];
  items.forEach((item, i) => {
    const n = i + 1;
    $('.item-num', item).textContent = `${n}`;
    const where = `${label}, mục ${n}`;
    const control = item.classList.contains('value-item') ? $('.fld label', item) : null;
    if (control) control.textContent = where;
    const toggle = $(':scope > .item-head > .item-toggle', item);
    if (toggle) toggle.setAttribute('aria-label', `${where}: ${$('.item-preview', item).textContent}`);
    const tools = item.querySelector(':scope > .item-head > .item-tools, :scope > .item-row > .item-tools');
    for (const b of tools.querySelectorAll('button')) {
      const verb = { up: 'Chuyển lên trên', down: 'Chuyển xuống dưới', remove: 'Xóa' }[b.dataset.action];
      b.setAttribute('aria-label', `${verb}: ${where}`);
    }
    $('[data-action=up]', tools).disabled = i === 0;
    $('[data-action=down]', tools).disabled = i === items.length - 1;
  });
}

/** The line shown on a closed item: its number and first words. */
function refreshPreview(li) {
  const preview = $(':scope > .item-head .item-preview', li);
  if (!preview) return;
  const texts = [...li.querySelectorAll(':scope > .item-body input[type=text], :scope > .item-body textarea')]
    .map((c) => c.value.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
  let text = texts[0] || '';
  if (text && text.length <= 4 && texts[1]) text = `${text}. ${texts[1]}`;
  if (text.length > 110) text = `${text.slice(0, 110)}…`;
  preview.textContent = text || '(chưa có nội dung)';
  preview.classList.toggle('empty', !text);
}

/** Reads the form back into data; empty values are left out. */
function collect(fields, problems) {
  const out = {};
  for (const fld of fields.querySelectorAll(':scope > .fld')) {
    const value = valueOf(fld, problems);
    if (value !== undefined) out[fld.dataset.name] = value;
  }
  return out;
}

function valueOf(fld, problems) {
  switch (fld.dataset.kind) {
    case 'object': {
      const o = collect($(':scope > .fields', fld), problems);
      return Object.keys(o).length ? o : undefined;
    }
    case 'list': {
      const out = [];
      for (const item of fld.querySelectorAll(':scope > .items > li.item')) {
        const inner = $(':scope > .item-row > .fld', item);
        const v = inner ? valueOf(inner, problems) : collect($(':scope > .item-body > .fields', item), problems);
        if (v !== undefined && !(typeof v === 'object' && !Object.keys(v).length)) out.push(v);
      }
      return out.length ? out : undefined;
    }
    case 'bool':
      return $('input', fld).checked ? true : undefined;
    case 'number': {
      const text = $('input', fld).value.trim();
      if (!text) return undefined;
      if (!checkNumber(fld)) problems.push(fld);
      return text;
    }
    default: {
      const text = $('input, textarea', fld).value;
      return text.trim() ? text : undefined;
    }
  }
}

/** Finds the box of a value by its data path, opening the items on the way. */
function findField(fields, path) {
  let box = fields;
  let fld = null;
  for (const step of path) {
    fld = box && box.querySelector(`:scope > .fld[data-name="${CSS.escape(step.name)}"]`);
    if (!fld) return null;
    if (step.index !== undefined && fld.dataset.kind === 'list') {
      const item = fld.querySelectorAll(':scope > .items > li.item')[step.index];
      if (!item) return fld;
      setOpen(item, true);
      box = $(':scope > .item-body > .fields', item);
      if (!box) return $(':scope > .item-row > .fld', item);
    } else if (fld.dataset.kind === 'object') {
      box = $(':scope > .fields', fld);
    } else {
      box = null;
    }
  }
  return fld;
}

// ---------------------------------------------------------------------------
// Findings of the gap check, shown in their sentence

const SEVERITY = {
  error: { label: 'Lỗi', order: 0 },
  warning: { label: 'Cảnh báo', order: 1 },
  info: { label: 'Ghi chú', order: 2 },
};

/** Where a part sits, in the words Word uses. */
function partName(part) {
  if (part === 'word/document.xml') return 'Thân văn bản';
  if (/footnotes\.xml$/.test(part)) return 'Chú thích cuối trang';
  if (/endnotes\.xml$/.test(part)) return 'Chú thích cuối văn bản';
  if (/header\d*\.xml$/.test(part)) return 'Đầu trang';
  if (/footer\d*\.xml$/.test(part)) return 'Chân trang';
  if (/comments\.xml$/.test(part)) return 'Nhận xét';
  return part;
}

function sectionName(finding) {
  const section = (finding.section || '').trim();
  if (section === 'Chú thích') return 'Chú thích cuối trang';
  // A footnote by the number Word shows: "Chú thích 3".
  const footnote = /^Chú thích (\d+)$/.exec(section);
  if (footnote) return `Chú thích cuối trang ${footnote[1]}`;
  if (!section) return finding.part === 'word/document.xml' ? 'Đầu văn bản' : partName(finding.part);
  return section.split('>').map((s) => s.trim()).join(' › ');
}

/** The paragraph with the gap marked, cut around it when long. */
function sentenceWithGap(text, start, end, context = 140) {
  const chars = Array.from(text || '');
  const s = Math.min(start, chars.length);
  const e = Math.min(Math.max(end, s), chars.length);
  let from = Math.max(0, s - context);
  let to = Math.min(chars.length, e + context);
  // Cut at a space so no word is shown in half.
  if (from > 0) {
    const space = chars.indexOf(' ', from);
    if (space >= 0 && space < s) from = space + 1;
  }
  if (to < chars.length) {
    const space = chars.lastIndexOf(' ', to);
    if (space > e) to = space;
  }
  const piece = (a, b) => chars.slice(a, b).join('').replace(/[\t\n]/g, ' ');
  return h(
    'p',
    { class: 'sentence' },
    from > 0 ? '…' : '',
    piece(from, s),
    h('mark', { class: 'gap' }, piece(s, e) || '…'),
    piece(e, to),
    to < chars.length ? '…' : '',
  );
}

function renderFinding(f) {
  const sev = SEVERITY[f.severity] || SEVERITY.info;
  const t = f.table;
  const cell = (label, n) => (label ? `“${label}”` : n);
  const inTable = t ? `, bảng ${t.number}, hàng ${cell(t.row_label, t.row)}, cột ${cell(t.column_header, t.column)}` : '';
  // A footnote is found by its number, as Word shows it ("Chú thích 3").
  const paragraph = f.note ? sectionName(f) : `${partName(f.part)}, đoạn ${f.paragraph ?? f.paragraph_index + 1}`;
  const place = `${paragraph}${inTable}`;
  return h(
    'li',
    { class: `finding sev-${f.severity}` },
    h(
      'div',
      { class: 'finding-head' },
      h('span', { class: `badge sev-${f.severity}` }, sev.label),
      h('span', { class: 'finding-msg' }, f.message),
      h('span', { class: 'finding-place' }, place),
    ),
    sentenceWithGap(f.paragraph_text, f.start, f.end),
  );
}

function summaryLine(summary) {
  return `${summary.error ?? 0} lỗi · ${summary.warning ?? 0} cảnh báo · ${summary.info ?? 0} ghi chú`;
}

function summaryOf(findings) {
  const s = { error: 0, warning: 0, info: 0 };
  for (const f of findings) s[f.severity] = (s[f.severity] ?? 0) + 1;
  return s;
}

/** Findings grouped by section, in the order sections appear. */
function renderFindingGroups(findings, { headingLevel = 'h2' } = {}) {
  const groups = new Map();
  for (const f of findings) {
    const key = sectionName(f);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(f);
  }
  const box = h('div', { class: 'groups' });
  for (const [section, list] of groups) {
    box.append(
      h(
        'section',
        { class: 'group-card' },
        h(headingLevel, { class: 'group-title' }, h('span', {}, section), h('span', { class: 'count' }, `${list.length} chỗ`)),
        h('ol', { class: 'findings' }, list.map(renderFinding)),
      ),
    );
  }
  return box;
}

// ---------------------------------------------------------------------------
// Screen 1: Soạn văn bản

const soan = {
  source: null, // {kind: 'pack', name, title, sample} | {kind: 'own', file}
  specs: [],
};

function soanForm() {
  return $('#soan-form');
}

function buildForm(data) {
  const form = soanForm();
  form.replaceChildren(renderFields(soan.specs, data));
  $('#soan-report').replaceChildren();
}

async function chooseSoanTemplate(name) {
  const screen = $('#soan');
  clearError(screen);
  clearFile($('#soan-own'));
  const desc = $('#soan-template-desc');
  if (!name) {
    soan.source = null;
    desc.textContent = '';
    $('#soan-form-card').hidden = true;
    $('#soan-out').hidden = true;
    return;
  }
  try {
    const t = await templateDetail(name);
    desc.textContent = t.description || '';
    soan.source = { kind: 'pack', name, title: t.title || name, sample: t.sample };
    soan.specs = (t.schema?.fields || []).map(specFromSchema);
    if (!soan.specs.length && t.fields?.shape) soan.specs = specsFromShape(t.fields.shape);
    showSoanForm(t.title || name);
  } catch (error) {
    showError(screen, error);
  }
}

async function chooseOwnTemplate(file) {
  const screen = $('#soan');
  clearError(screen);
  if (!file) return;
  $('#soan-template').value = '';
  $('#soan-template-desc').textContent = '';
  try {
    const response = await api('api/fields', { method: 'POST', body: file, headers: { 'Content-Type': DOCX_TYPE } });
    const fields = await response.json();
    soan.source = { kind: 'own', file };
    soan.specs = specsFromShape(fields.shape || {});
    if (!soan.specs.length) throw new ApiError(`Mẫu “${file.name}” không có thẻ nào như {{ten_don_vi}} để điền.`, 'no-fields');
    showSoanForm(file.name);
  } catch (error) {
    soan.source = null;
    $('#soan-form-card').hidden = true;
    $('#soan-out').hidden = true;
    showError(screen, error);
  }
}

function showSoanForm(title) {
  $('#soan-form-name').textContent = `— ${title}`;
  $('#soan-sample').hidden = soan.source.kind !== 'pack' || !soan.source.sample;
  $('#soan-own-note').hidden = soan.source.kind !== 'own';
  buildForm(undefined);
  $('#soan-form-card').hidden = false;
  $('#soan-out').hidden = false;
}

function formHasData() {
  return Object.keys(collect($(':scope > .fields', soanForm()), [])).length > 0;
}

/** The form's data, or null (with the first bad number focused). */
function soanData() {
  const problems = [];
  const data = collect($(':scope > .fields', soanForm()), problems);
  if (problems.length) {
    showError($('#soan'), `Có ${problems.length} ô số viết chưa đúng (tô đỏ). Hãy sửa rồi tải về lại.`);
    $('input', problems[0]).focus();
    return null;
  }
  return data;
}

/** The render request for the current template, data and query. */
function renderRequest(data, query) {
  const q = query ? `?${query}` : '';
  if (soan.source.kind === 'pack') {
    return api(`api/render/${encodeURIComponent(soan.source.name)}${q}`, {
      method: 'POST',
      body: JSON.stringify(data),
      headers: { 'Content-Type': 'application/json' },
    });
  }
  const form = new FormData();
  form.append('template', soan.source.file, soan.source.file.name);
  form.append('data', JSON.stringify(data));
  return api(`api/render${q}`, { method: 'POST', body: form });
}

/** Tag name and item path of a missing value, as a data path. */
function missingPath(m) {
  const path = [];
  for (const piece of (m.item || '').split('>').map((s) => s.trim()).filter(Boolean)) {
    const match = /^(.+?)\[(\d+)\]$/.exec(piece);
    if (match) path.push({ name: match[1], index: Number(match[2]) - 1 });
    else path.push({ name: piece });
  }
  const tagName = /\{\{\s*[#^/]?\s*([^\s|}]+)/.exec(m.tag || '')?.[1] || '';
  const names = tagName.split('.').filter((n) => n && n !== '.');
  // A name not found at the item's level belongs to an outer level.
  for (let depth = path.length; depth >= 0; depth--) {
    const base = path.slice(0, depth);
    if (specAt(soan.specs, [...base.map((s) => s.name), ...names])) return [...base, ...names.map((name) => ({ name }))];
  }
  return [...path, ...names.map((name) => ({ name }))];
}

/** "II. Nội dung › mục 1 › Số liệu", from the specs' labels. */
function pathLabel(path) {
  const words = [];
  let specs = soan.specs;
  for (const step of path) {
    const spec = specs?.find((s) => s.name === step.name);
    words.push(spec ? spec.label : step.name);
    if (step.index !== undefined) words.push(`mục ${step.index + 1}`);
    specs = spec?.fields;
  }
  return words.join(' › ');
}

/** The sentence with the “…” the missing value leaves: as rendered when
 * the server placed it (`at`), else the template's with the tag replaced. */
function missingSentence(m) {
  const sentence = m.sentence ?? m.context ?? '';
  if (Number.isInteger(m.at)) return sentenceWithGap(sentence, m.at, m.at + 1);
  const at = sentence.indexOf(m.tag);
  const strip = (s) => s.replace(/\{\{[^}]*\}\}/g, '').replace(/\s+/g, ' ');
  if (at < 0) return null;
  const before = strip(sentence.slice(0, at));
  const after = strip(sentence.slice(at + m.tag.length));
  if (!before.trim() && !after.trim()) return null;
  return h('p', { class: 'sentence' }, before, h('mark', { class: 'gap' }, '…'), after);
}

function renderMissing(missing) {
  const list = h('ul', { class: 'missing' });
  for (const m of missing) {
    const path = missingPath(m);
    const go = h('button', { type: 'button', class: 'link' }, pathLabel(path));
    go.addEventListener('click', () => {
      const fld = findField($(':scope > .fields', soanForm()), path);
      const control = fld && $('input, textarea', fld);
      if (control) {
        control.scrollIntoView({ block: 'center' });
        control.focus();
      }
    });
    list.append(
      h(
        'li',
        {},
        go,
        h('span', { class: 'why' }, ` — ${m.reason || 'chưa có giá trị'}`),
        missingSentence(m) || h('p', { class: 'sentence' }, 'Sẽ để lại dấu ', h('mark', { class: 'gap' }, '…'), ' tô vàng tại chỗ này.'),
      ),
    );
  }
  return list;
}

/** Shows the render report; returns whether the document is complete. */
function showRenderReport(report) {
  const box = $('#soan-report');
  const missing = report.missing || [];
  const findings = report.findings || [];
  const summary = summaryOf(findings);
  const complete = missing.length === 0 && summary.error === 0;
  const parts = [];
  if (complete) {
    parts.push(h('p', { class: 'ok' }, 'Đã điền đủ: văn bản không còn chỗ thiếu.'));
  } else {
    parts.push(
      h(
        'p',
        { class: 'warn' },
        missing.length
          ? `Còn ${missing.length} giá trị chưa điền. Mỗi chỗ sẽ thành dấu … tô vàng trong văn bản:`
          : `Văn bản sẽ còn ${summary.error} chỗ thiếu (xem dưới).`,
      ),
    );
    if (missing.length) parts.push(renderMissing(missing));
  }
  if (findings.length) {
    parts.push(
      h('h3', { class: 'report-title' }, 'Kiểm tra văn bản sẽ tạo'),
      h('p', { class: 'hint' }, summaryLine(summary)),
      renderFindingGroups(findings, { headingLevel: 'h4' }),
    );
  }
  box.replaceChildren(...parts);
  return complete;
}

async function soanReport() {
  const data = soanData();
  if (!data) return null;
  const response = await renderRequest(data, 'report=json');
  const report = await response.json();
  return { data, report };
}

async function soanDownload(kind, { force = false } = {}) {
  const out = await soanReport();
  if (!out) return;
  const complete = showRenderReport(out.report);
  if (!complete && !force) {
    const anyway = h('button', { type: 'button', class: 'primary', id: 'soan-anyway' }, `Vẫn tải về ${kind === 'pdf' ? 'PDF' : '.docx'} dù còn thiếu`);
    anyway.addEventListener('click', () => busy(anyway, () => soanDownload(kind, { force: true })));
    $('#soan-report').firstElementChild.after(
      h('div', { class: 'decide' }, anyway, h('p', { class: 'hint' }, 'Hoặc điền tiếp các ô còn thiếu rồi bấm tải về lại.')),
    );
    anyway.focus();
    return;
  }
  const response = await renderRequest(out.data, kind === 'pdf' ? 'format=pdf' : '');
  const fallback = `${soan.source.kind === 'pack' ? soan.source.name : 'van-ban'}.${kind}`;
  const name = await downloadResponse(response, fallback);
  $('#soan-report').prepend(h('p', { class: 'ok', id: 'soan-saved' }, `Đã tải về: ${name}`));
}

function initSoan(health) {
  $('#soan-template').addEventListener('change', (e) => chooseSoanTemplate(e.target.value));
  $('#soan-own').addEventListener('change', (e) => chooseOwnTemplate(e.target.files[0]));
  $('#soan-sample').addEventListener('click', () => {
    if (!soan.source?.sample) return;
    if (formHasData() && !confirm('Thay nội dung đang điền bằng dữ liệu mẫu?')) return;
    buildForm(soan.source.sample);
  });
  $('#soan-clear').addEventListener('click', () => {
    if (formHasData() && !confirm('Xóa hết nội dung đang điền?')) return;
    buildForm(undefined);
  });
  soanForm().addEventListener('input', (e) => {
    for (let li = e.target.closest('li.item'); li; li = li.parentElement.closest('li.item')) refreshPreview(li);
  });
  soanForm().addEventListener('submit', (e) => e.preventDefault());
  $('#soan-docx').addEventListener('click', (e) => busy(e.currentTarget, () => soanDownload('docx')));
  $('#soan-pdf').addEventListener('click', (e) => busy(e.currentTarget, () => soanDownload('pdf')));
  $('#soan-report-btn').addEventListener('click', (e) =>
    busy(e.currentTarget, async () => {
      const out = await soanReport();
      if (out) showRenderReport(out.report);
    }),
  );
  $('#soan-pdf').hidden = !health?.pdf;
}

// ---------------------------------------------------------------------------
// Screen 2: Tạo hàng loạt

const batch = {
  source: null, // {kind: 'pack', name} | {kind: 'own', file}
  data: null, // the chosen .xlsx/.csv file
};

function batchReady() {
  $('#hl-excel').disabled = batch.source?.kind !== 'pack';
  $('#hl-data').disabled = !batch.source;
  $('#hl-run').disabled = !(batch.source && batch.data);
}

function resetBatchData() {
  batch.data = null;
  clearFile($('#hl-data'));
  $('#hl-preview').replaceChildren();
  $('#hl-result').replaceChildren();
  $('#hl-progress').hidden = true;
  $('#hl-run').textContent = 'Tạo văn bản (.zip)';
}

async function chooseBatchTemplate(name) {
  clearError($('#hang-loat'));
  clearFile($('#hl-own'));
  resetBatchData();
  batch.source = name ? { kind: 'pack', name } : null;
  $('#hl-template-desc').textContent = '';
  batchReady();
  if (name) {
    try {
      const t = await templateDetail(name);
      $('#hl-template-desc').textContent = t.description || '';
    } catch (error) {
      showError($('#hang-loat'), error);
    }
  }
}

/** Labels of the pack template's fields by dotted path, for the preview. */
async function batchLabels() {
  if (batch.source?.kind !== 'pack') return new Map();
  const t = await templateDetail(batch.source.name);
  const labels = new Map();
  const walk = (fields, prefix, labelPrefix) => {
    for (const f of fields || []) {
      const path = prefix ? `${prefix}.${f.name}` : f.name;
      const label = labelPrefix ? `${labelPrefix} › ${f.label || f.name}` : f.label || f.name;
      labels.set(path, label);
      walk(f.fields, path, label);
    }
  };
  walk(t.schema?.fields, '', '');
  return labels;
}

/** A batch request (`suffix` '/preview' for the preview) for the chosen template and data. */
function batchRequest(query, suffix = '') {
  const q = new URLSearchParams(query).toString();
  if (batch.source.kind === 'pack') {
    return api(`api/batch/${encodeURIComponent(batch.source.name)}${suffix}?${q}`, { method: 'POST', body: batch.data });
  }
  const form = new FormData();
  form.append('template', batch.source.file, batch.source.file.name);
  form.append('data', batch.data, batch.data.name);
  return api(`api/batch${suffix}?${q}`, { method: 'POST', body: form });
}

function fieldCell(field, labels) {
  const label = labels.get(field);
  return label ? [label, ' ', h('code', { class: 'muted' }, field)] : [h('code', {}, field)];
}

/** Unfilled fields, one line per top-level field; the inner fields of a list fold away. */
function renderUnfilled(unfilled, labels) {
  const groups = new Map();
  for (const path of unfilled) {
    const top = path.split('.')[0];
    if (!groups.has(top)) groups.set(top, []);
    groups.get(top).push(path);
  }
  const list = h('ul', { class: 'chips' });
  const nested = [];
  for (const [top, paths] of groups) {
    if (paths.length === 1 && paths[0] === top) {
      list.append(h('li', {}, fieldCell(top, labels)));
      continue;
    }
    nested.push(
      h(
        'details',
        { class: 'unfilled-group' },
        h('summary', {}, fieldCell(top, labels), h('span', { class: 'muted' }, ` — ${paths.length} trường con`)),
        h('ul', { class: 'chips' }, paths.map((p) => h('li', {}, fieldCell(p, labels)))),
      ),
    );
  }
  return h('div', { class: 'unfilled' }, list.childElementCount ? list : '', nested);
}

async function previewBatch() {
  const screen = $('#hang-loat');
  clearError(screen);
  $('#hl-result').replaceChildren();
  const box = $('#hl-preview');
  box.replaceChildren(h('p', { class: 'hint' }, 'Đang đọc tệp…'));
  try {
    const response = await batchRequest({ filename: batch.data.name }, '/preview');
    const preview = await response.json();
    const labels = await batchLabels();
    const rows = (preview.columns || []).map((c) =>
      h(
        'tr',
        { class: c.field ? '' : 'unused' },
        h('td', {}, c.header),
        h('td', {}, c.field ? fieldCell(c.field, labels) : h('span', { class: 'muted' }, 'không dùng')),
      ),
    );
    const parts = [
      h('p', { class: 'lead' }, `Tệp “${batch.data.name}”: ${preview.records} dòng dữ liệu → ${preview.records} văn bản.`),
      h(
        'table',
        { class: 'map' },
        h('caption', {}, 'Cột nào điền vào trường nào'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Cột trong tệp'), h('th', { scope: 'col' }, 'Điền vào trường'))),
        h('tbody', {}, rows),
      ),
    ];
    const sheets = preview.list_sheets || [];
    if (sheets.length) {
      parts.push(
        h(
          'p',
          {},
          'Danh sách lấy từ các trang khác của tệp: ',
          sheets.map((s, i) => [i ? '; ' : '', `trang “${s.sheet}” → `, fieldCell(s.field, labels), ` (${s.items} mục)`]),
          '.',
        ),
      );
    }
    // A field has no data when no column fills it, when its column is empty
    // in every row, or when its list sheet has no rows.
    const noData = [
      ...(preview.unfilled_fields || []),
      ...(preview.empty_fields || []),
      ...sheets.filter((s) => s.items === 0).map((s) => s.field),
    ];
    if (noData.length) {
      parts.push(
        h(
          'p',
          { class: 'warn' },
          `${noData.length} trường không có dữ liệu (không có cột nào điền, hoặc cột, trang danh sách để trống). Trong văn bản, giá trị thiếu sẽ là dấu … tô vàng; danh sách không có dòng nào thì không in mục nào.`,
        ),
        renderUnfilled(noData, labels),
      );
    } else {
      parts.push(h('p', { class: 'ok' }, 'Mọi trường của mẫu đều có dữ liệu.'));
    }
    const unused = preview.unused_columns || [];
    if (unused.length) {
      parts.push(h('p', { class: 'warn' }, `Các cột không khớp trường nào của mẫu, sẽ bị bỏ qua: ${unused.join(', ')}.`));
    }
    box.replaceChildren(...parts);
    $('#hl-run').textContent = `Tạo ${preview.records} văn bản (.zip)`;
    batchReady();
  } catch (error) {
    box.replaceChildren();
    batch.data = null;
    clearFile($('#hl-data'));
    batchReady();
    showError(screen, error);
  }
}

function base64ToBlob(b64, type) {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type });
}

/** Reads the NDJSON progress stream line by line. */
async function* ndjsonLines(response) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    buffer += decoder.decode(value || new Uint8Array(), { stream: !done });
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (line) yield JSON.parse(line);
    }
    if (done) break;
  }
  if (buffer.trim()) yield JSON.parse(buffer);
}

async function runBatch() {
  const progress = $('#hl-progress');
  const bar = $('#hl-progress-bar');
  const label = $('#hl-progress-label');
  const result = $('#hl-result');
  result.replaceChildren();
  progress.hidden = false;
  bar.max = 1;
  bar.value = 0;
  label.textContent = 'Đang bắt đầu…';
  const response = await batchRequest({ progress: '1', filename: batch.data.name });
  let finished = false;
  for await (const line of ndjsonLines(response)) {
    if (line.error) throw new ApiError(line.error.message, line.error.code);
    if (typeof line.total === 'number') {
      bar.max = Math.max(line.total, 1);
      bar.value = line.done ?? 0;
      label.textContent = `Đã tạo ${line.done ?? 0}/${line.total} văn bản`;
    }
    if (line.zip_base64 !== undefined) {
      const name = line.filename || 'van-ban.zip';
      saveBlob(base64ToBlob(line.zip_base64, 'application/zip'), name);
      bar.value = bar.max;
      label.textContent = `Xong: đã tạo ${bar.max}/${bar.max} văn bản`;
      result.replaceChildren(
        h('p', { class: 'ok', id: 'hl-done' }, `Đã tạo xong và tải về: ${name}`),
        h('p', { class: 'hint' }, 'Trong tệp .zip, manifest.csv (mở bằng Excel) ghi từng dòng dữ liệu thành văn bản nào, còn thiếu bao nhiêu chỗ, và lỗi nếu có.'),
      );
      finished = true;
    }
  }
  if (!finished) throw new ApiError('Máy chủ dừng giữa chừng, chưa gửi tệp .zip. Hãy thử lại.', 'incomplete');
}

function initBatch() {
  $('#hl-template').addEventListener('change', (e) => chooseBatchTemplate(e.target.value));
  $('#hl-own').addEventListener('change', (e) => {
    const file = e.target.files[0];
    if (!file) return;
    $('#hl-template').value = '';
    $('#hl-template-desc').textContent = '';
    resetBatchData();
    batch.source = { kind: 'own', file };
    batchReady();
  });
  $('#hl-excel').addEventListener('click', (e) =>
    busy(e.currentTarget, async () => {
      const name = batch.source.name;
      const response = await api(`api/templates/${encodeURIComponent(name)}/excel`);
      await downloadResponse(response, `${name}.xlsx`);
    }),
  );
  $('#hl-data').addEventListener('change', (e) => {
    batch.data = e.target.files[0] || null;
    batchReady();
    if (batch.data) previewBatch();
  });
  $('#hl-run').addEventListener('click', (e) =>
    busy(e.currentTarget, async () => {
      try {
        await runBatch();
      } catch (error) {
        $('#hl-progress').hidden = true;
        throw error;
      }
    }),
  );
}

// ---------------------------------------------------------------------------
// Screen 3: Kiểm tra trước khi ký

let checkedFile = null;

async function checkFile(file) {
  const screen = $('#kiem-tra');
  const box = $('#kt-result');
  clearError(screen);
  checkedFile = file;
  box.replaceChildren(h('p', { class: 'hint' }, `Đang kiểm tra “${file.name}”…`));
  try {
    const response = await api('api/check', { method: 'POST', body: file, headers: { 'Content-Type': DOCX_TYPE } });
    showCheck(file, await response.json());
  } catch (error) {
    box.replaceChildren();
    showError(screen, error);
  }
}

function showCheck(file, result) {
  const findings = result.findings || [];
  const summary = result.summary || summaryOf(findings);
  const annotate = h('button', { type: 'button', id: 'kt-annotate' }, 'Tải bản có đánh dấu (.docx)');
  annotate.addEventListener('click', () =>
    busy(annotate, async () => {
      const response = await api('api/check?annotate=1', { method: 'POST', body: checkedFile, headers: { 'Content-Type': DOCX_TYPE } });
      await downloadResponse(response, file.name.replace(/\.docx$/i, '') + '-da-danh-dau.docx');
    }),
  );
  const head = h(
    'div',
    { class: 'card check-head' },
    h(
      'div',
      {},
      h('h2', {}, file.name),
      findings.length
        ? h(
            'p',
            { class: 'counts' },
            h('span', { class: 'badge sev-error' }, `${summary.error} lỗi`),
            h('span', { class: 'badge sev-warning' }, `${summary.warning} cảnh báo`),
            h('span', { class: 'badge sev-info' }, `${summary.info} ghi chú`),
          )
        : h('p', { class: 'ok' }, 'Không phát hiện chỗ nào còn thiếu.'),
    ),
    h(
      'div',
      { class: 'actions' },
      annotate,
      h('p', { class: 'hint' }, 'Bản sao tô màu từng chỗ và ghi nhận xét (comment) bên lề, mở bằng Word.'),
    ),
  );
  $('#kt-result').replaceChildren(head, findings.length ? renderFindingGroups(findings) : '');
}

function initCheck() {
  const input = $('#kt-file');
  input.addEventListener('change', () => input.files[0] && checkFile(input.files[0]));
  const drop = $('#kt-drop');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const file = e.dataTransfer.files[0];
    if (file) checkFile(file);
  });
}

// ---------------------------------------------------------------------------
// Navigation and start

const SCREENS = ['soan', 'hang-loat', 'kiem-tra'];

function route() {
  const wanted = location.hash.slice(1);
  const current = SCREENS.includes(wanted) ? wanted : 'soan';
  for (const id of SCREENS) $(`#${id}`).hidden = id !== current;
  for (const a of document.querySelectorAll('.tabs a')) {
    if (a.dataset.tab === current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  return current;
}

async function start() {
  $('#key-cancel').addEventListener('click', () => $('#key-dialog').close('cancel'));
  window.addEventListener('hashchange', () => {
    const id = route();
    $(`#${id} h1`)?.setAttribute('tabindex', '-1');
    $(`#${id} h1`)?.focus();
  });
  route();
  document.addEventListener('change', (e) => {
    if (e.target.matches?.('input[type=file]')) showFileName(e.target);
  });
  let health = null;
  try {
    health = await (await fetch('healthz')).json();
    $('#version').textContent = health.version || '';
  } catch {
    // The API calls below report a lost server.
  }
  initSoan(health);
  initBatch();
  initCheck();
  try {
    const list = await loadTemplates();
    fillTemplateSelect($('#soan-template'), list);
    fillTemplateSelect($('#hl-template'), list);
  } catch (error) {
    templateList = null;
    showError($('#soan'), error);
    showError($('#hang-loat'), error);
  }
  document.body.dataset.ready = 'true';
}

if (typeof document !== 'undefined') start();
