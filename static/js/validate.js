/* Field checks in the browser, the same rules and messages as the server's
   (chalicelib/applications/formats.py and catalog.py): a mistake is named as it is typed, and the
   server still checks everything on submit. Also loaded by Node in tests/unit/test_validate_js.py. */
(function (root, factory) {
  const api = factory();
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.ZSTValidate = api;
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  // GB 11643-1999: weights 2^(17-i) mod 11 over the 17 body digits, check code ISO 7064 MOD 11-2.
  const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const ID_CHECK_CODES = '10X98765432';
  const PROVINCE_CODES = ('11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 ' +
    '53 54 61 62 63 64 65 71 81 82 83').split(' ');
  const DEFAULT_MAX_LENGTH = { text: 100, textarea: 2000 };

  function idCheckCode(body17) {
    let sum = 0;
    for (let i = 0; i < 17; i += 1) sum += Number(body17[i]) * ID_WEIGHTS[i];
    return ID_CHECK_CODES[sum % 11];
  }

  function parseDay(text) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!m) return null;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const day = new Date(Date.UTC(y, mo - 1, d));
    if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return null;
    return text;
  }

  function parseIdNumber(text, today) {
    const value = String(text).trim().toUpperCase();
    if (value.length === 15 && /^\d+$/.test(value)) throw new Error('请填写 18 位身份证号码（15 位旧号码已停用）');
    if (!/^\d{17}[\dX]$/.test(value)) throw new Error('身份证号码应为 18 位，前 17 位为数字，最后一位为数字或 X');
    if (PROVINCE_CODES.indexOf(value.slice(0, 2)) < 0) throw new Error('身份证号码的地区码不正确');
    const born = parseDay(value.slice(6, 10) + '-' + value.slice(10, 12) + '-' + value.slice(12, 14));
    if (!born || born > today || Number(value.slice(6, 10)) < 1900) throw new Error('身份证号码中的出生日期不正确');
    if (idCheckCode(value.slice(0, 17)) !== value[17]) throw new Error('身份证号码校验位不正确，请核对');
    return value;
  }

  function parseMobile(text) {
    let value = String(text).replace(/[\s-]/g, '');
    if (value.startsWith('+86')) value = value.slice(3);
    else if (value.startsWith('0086')) value = value.slice(4);
    if (!/^1[3-9]\d{9}$/.test(value)) throw new Error('请填写 11 位手机号码');
    return value;
  }

  function bound(spec, today) {
    if (spec === undefined || spec === null) return null;
    return spec === 'today' ? today : spec;
  }

  function parseDate(text, today, notAfter, notBefore) {
    const value = String(text).trim();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error('日期格式应为 年-月-日，例如 2026-03-02');
    if (!parseDay(value)) throw new Error('日期不存在，请核对');
    const latest = bound(notAfter, today);
    const earliest = bound(notBefore, today);
    if (latest && value > latest) throw new Error(notAfter === 'today' ? '日期不能晚于今天' : '日期不能晚于 ' + latest);
    if (earliest && value < earliest) throw new Error(notBefore === 'today' ? '日期不能早于今天' : '日期不能早于 ' + earliest);
    return value;
  }

  function parseNumber(spec, text) {
    const raw = String(text).trim();
    const number = Number(raw);
    if (raw === '' || !Number.isFinite(number)) throw new Error('请填写数字');
    if (spec.min !== undefined && spec.min !== null && number < spec.min) throw new Error('不能小于 ' + spec.min);
    if (spec.max !== undefined && spec.max !== null && number > spec.max) throw new Error('不能大于 ' + spec.max);
    return number;
  }

  function optionValues(spec) {
    return (spec.options || []).map((o) => (o && typeof o === 'object' ? o.value : o));
  }

  /* The problem with `value` for `spec` (a message), or '' when it is fine. `today`: YYYY-MM-DD. */
  function check(spec, value, today) {
    const text = value === undefined || value === null ? '' : String(value);
    if (!text.trim()) return spec.required ? '必填' : '';
    try {
      switch (spec.kind) {
        case 'id_number': parseIdNumber(text, today); break;
        case 'phone': parseMobile(text); break;
        case 'date': parseDate(text, today, spec.not_after, spec.not_before); break;
        case 'number': parseNumber(spec, text); break;
        case 'select':
          if (optionValues(spec).indexOf(text.trim()) < 0) throw new Error('请从选项中选择');
          break;
        default: {
          const limit = spec.max_length || DEFAULT_MAX_LENGTH[spec.kind] || 100;
          if (text.trim().length > limit) throw new Error('最多 ' + limit + ' 个字');
        }
      }
    } catch (error) {
      return error.message;
    }
    return '';
  }

  /* A value the server masked ("3607**********1230"): the stored number stands behind it. */
  function isMasked(value) {
    return typeof value === 'string' && value.indexOf('*') >= 0;
  }

  return { idCheckCode, parseIdNumber, parseMobile, parseDate, check, isMasked, optionValues };
});
