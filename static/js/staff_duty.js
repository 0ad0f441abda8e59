/* The duty roster (/h5/staff/duty): a week of China days from today, 3 shifts each, who is on duty
   and, on the shift that is on now, how many questions each took this hour. Editing a shift picks
   up to N of the lawyers of the bureau's counties (GET /api/staff/lawyers) and PUTs them; a shift's pattern can be
   copied to the later days of the week. The week's first day lives in the address (?from=). */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { api, $, el, clear, show, hide } = Z;
  const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
  const EMPTY = '无人值班：新问题只推送给律师库';
  const state = { today: null, from: null, days: {}, max: 2, hourly: 6, lawyers: null, editing: null };

  function addDays(day, days) {
    const d = new Date(day + 'T00:00:00Z');
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  }
  function week(from) { return [0, 1, 2, 3, 4, 5, 6].map((n) => addDays(from, n)); }
  function dayLabel(day) {
    const weekday = WEEKDAYS[new Date(day + 'T00:00:00Z').getUTCDay()];
    return Z.formatDay(day) + ' ' + weekday + (day === state.today ? '（今天）' : '');
  }
  function stars(value) { return value === null || value === undefined ? '' : '★' + Number(value).toFixed(1); }
  function shiftPath(day, number) { return '/api/staff/duty/' + day + '/' + number; }

  function lawyerLine(lawyer, shift) {
    const parts = [lawyer.firm, stars(lawyer.stars)].filter(Boolean);
    const load = shift.current && lawyer.taken_this_hour !== undefined
      ? el('span', { class: 'zst-duty-load', text: '本小时已接 ' + lawyer.taken_this_hour + '/' + state.hourly }) : null;
    return el('li', { class: 'zst-duty-lawyer', 'data-lawyer': lawyer.id },
      el('span', { class: 'zst-duty-lawyer__name', text: lawyer.name || ('律师 ' + lawyer.id) }),
      el('span', { class: 'zst-muted', text: parts.join(' · ') }), load);
  }

  /* A shift that has ended: before today, or earlier today than the one on now. */
  function past(day, shift) {
    return day < state.today || (day === state.today && state.nowShift !== undefined && shift.shift < state.nowShift);
  }

  function shiftCard(day, shift) {
    const over = past(day, shift);
    const card = el('section', { class: 'zst-duty-shift' + (shift.current ? ' zst-duty-shift_current' : '')
      + (over ? ' zst-duty-shift_past' : '')
      + (shift.lawyers.length ? '' : ' zst-duty-shift_empty'), id: 'shift-' + day + '-' + shift.shift,
    'data-date': day, 'data-shift': String(shift.shift) },
    el('div', { class: 'zst-duty-shift__hd' },
      el('p', { class: 'zst-duty-shift__time', text: shift.starts + '–' + shift.ends }),
      shift.current ? el('span', { class: 'zst-duty-badge', text: '当前班次' }) : null));
    if (shift.lawyers.length) {
      card.appendChild(el('ul', { class: 'zst-duty-lawyers' }, ...shift.lawyers.map((l) => lawyerLine(l, shift))));
    } else {
      card.appendChild(over ? el('p', { class: 'zst-muted', text: '已结束，无人值班' })
        : el('p', { class: 'zst-duty-warn', role: 'note', text: EMPTY }));
    }
    const actions = el('div', { class: 'zst-duty-shift__actions' },
      el('button', { type: 'button', class: 'zst-duty-link zst-duty-edit', text: shift.lawyers.length ? '调整' : '安排律师',
        onclick: () => openEditor(day, shift, card) }));
    if (shift.lawyers.length && addDays(day, 1) <= week(state.from)[6]) {
      actions.appendChild(el('button', { type: 'button', class: 'zst-duty-link zst-duty-copy',
        text: '复制到本周其余日期', onclick: () => copyForward(day, shift, card) }));
    }
    card.appendChild(actions);
    return card;
  }

  function renderDay(day) {
    const roster = state.days[day];
    const box = el('article', { class: 'zst-duty-day' + (day === state.today ? ' zst-duty-day_today' : ''),
      'data-date': day }, el('h2', { class: 'zst-duty-day__title', text: dayLabel(day) }));
    if (!roster) box.appendChild(el('p', { class: 'zst-muted', text: '加载失败，请刷新' }));
    else roster.shifts.forEach((shift) => box.appendChild(shiftCard(day, shift)));
    return box;
  }

  function render() {
    const days = week(state.from);
    park();
    $('#duty-range').textContent = Z.formatDay(days[0]) + ' 至 ' + Z.formatDay(days[6]);
    show($('#duty-today'), state.from !== state.today);
    const list = clear($('#duty-week'));
    days.forEach((day) => list.appendChild(renderDay(day)));
  }

  function remember(roster) {
    state.days[roster.date] = roster;
    state.max = roster.max_per_shift || state.max;
    state.hourly = roster.hourly_limit || state.hourly;
    $('#duty-max').textContent = state.max;
    $('#duty-hourly').textContent = state.hourly;
    show($('#duty-off'), roster.duty_roster_in_use === false);
  }

  async function load(from) {
    state.from = from;
    const query = new URLSearchParams(location.search);
    if (from === state.today) query.delete('from'); else query.set('from', from);
    history.replaceState(null, '', location.pathname + (query.toString() ? '?' + query : ''));
    try {
      const rosters = await Promise.all(week(from).map((day) => api.get('/api/staff/duty?date=' + day)));
      rosters.forEach(remember);
    } catch (error) {
      Z.showError(error);
    }
    render();
  }

  /* The editor */

  function park() {
    const editor = $('#duty-editor');
    hide(editor);
    document.querySelector('main').appendChild(editor);
    state.editing = null;
  }

  function setError(message) {
    const box = $('#duty-error');
    box.textContent = message || '';
    show(box, Boolean(message));
  }

  function renderChosen() {
    const chosen = state.editing.chosen;
    const list = clear($('#duty-chosen'));
    chosen.forEach((lawyer) => list.appendChild(el('li', { class: 'zst-duty-chip', 'data-lawyer': lawyer.id },
      el('span', { text: lawyer.name || lawyer.id }),
      el('button', { type: 'button', class: 'zst-duty-chip__remove', 'aria-label': '移除 ' + (lawyer.name || lawyer.id),
        text: '×', onclick: () => toggle(lawyer, false) }))));
    if (!chosen.length) list.appendChild(el('li', { class: 'zst-duty-warn', text: EMPTY }));
  }

  function renderCandidates() {
    const wanted = $('#duty-search').value.trim();
    const list = clear($('#duty-candidates'));
    if (!state.lawyers) { list.appendChild(el('p', { class: 'zst-muted', text: '加载律师名单…' })); return; }
    const chosen = new Set(state.editing.chosen.map((l) => l.id));
    const shown = state.lawyers.filter((l) => !wanted || l.name.includes(wanted) || (l.firm || '').includes(wanted));
    shown.forEach((lawyer) => {
      const id = 'pick-' + lawyer.id;
      const box = el('input', { type: 'checkbox', class: 'zst-duty-pick__input', id: id, value: lawyer.id,
        checked: chosen.has(lawyer.id), onchange: (event) => toggle(lawyer, event.target.checked) });
      list.appendChild(el('label', { class: 'zst-duty-pick', for: id, 'data-lawyer': lawyer.id }, box,
        el('span', { class: 'zst-duty-pick__bd' },
          el('span', { class: 'zst-duty-lawyer__name', text: lawyer.name }),
          el('span', { class: 'zst-duty-stars', text: stars(lawyer.stars) }),
          el('span', { class: 'zst-muted zst-block', text: lawyer.firm || '' }),
          el('span', { class: 'zst-muted zst-block', text: lawyer.specialties.map((s) => s.name).join('、') }))));
    });
    if (!shown.length) list.appendChild(el('p', { class: 'zst-muted', text: wanted ? '没有找到“' + wanted + '”' : '本局服务县（区）暂无可安排的律师' }));
  }

  function toggle(lawyer, on) {
    const editing = state.editing;
    const chosen = editing.chosen.filter((l) => l.id !== lawyer.id);
    if (on && chosen.length >= state.max) {
      setError('每个班次最多安排 ' + state.max + ' 名值班律师，请先移除一位');
      renderCandidates();
      return;
    }
    editing.chosen = on ? chosen.concat([lawyer]) : chosen;
    setError('');
    renderChosen();
    renderCandidates();
  }

  async function lawyers() {
    if (state.lawyers) return;
    try {
      state.lawyers = (await api.get('/api/staff/lawyers')).lawyers;
    } catch (error) {
      setError(error.message);
      state.lawyers = [];
    }
  }

  async function openEditor(day, shift, card) {
    park();
    const editor = $('#duty-editor');
    state.editing = { day: day, shift: shift.shift, chosen: shift.lawyers.slice() };
    $('#duty-editor-title').textContent = dayLabel(day) + ' ' + shift.starts + '–' + shift.ends + ' 值班律师';
    $('#duty-search').value = '';
    setError('');
    card.appendChild(editor);
    show(editor);
    renderChosen();
    renderCandidates();
    await lawyers();
    if (state.editing && state.editing.day === day) renderCandidates();
  }

  async function save(event) {
    event.preventDefault();
    const editing = state.editing;
    const button = $('#duty-save');
    button.disabled = true;
    try {
      const roster = await api.put(shiftPath(editing.day, editing.shift), { lawyer_ids: editing.chosen.map((l) => l.id) });
      remember(roster);
      render();
      Z.toast('已保存');
    } catch (error) {
      setError(error.message);  // beside the shift: 人数超限、律师不存在 …
    } finally {
      button.disabled = false;
    }
  }

  async function copyForward(day, shift, card) {
    const targets = week(state.from).filter((d) => d > day);
    const names = shift.lawyers.map((l) => l.name || l.id).join('、');
    if (!root.confirm('将 ' + shift.starts + '–' + shift.ends + ' 班（' + names + '）复制到 ' + Z.formatDay(targets[0]) + ' 至 '
      + Z.formatDay(targets[targets.length - 1]) + ' 的同一班次？这些日期原有的安排会被替换。')) return;
    const ids = shift.lawyers.map((l) => l.id);
    const failed = [];
    for (const target of targets) {
      try {
        remember(await api.put(shiftPath(target, shift.shift), { lawyer_ids: ids }));
      } catch (error) {
        failed.push(Z.formatDay(target) + '：' + error.message);
      }
    }
    render();
    if (failed.length) {
      const again = $('#shift-' + day + '-' + shift.shift);
      if (again) again.appendChild(el('p', { class: 'zst-duty-error', role: 'alert', text: '复制未完成 ' + failed.join('；') }));
    } else {
      Z.toast('已复制 ' + targets.length + ' 天');
    }
  }

  $('#duty-editor').addEventListener('submit', save);
  $('#duty-cancel').addEventListener('click', park);
  $('#duty-search').addEventListener('input', renderCandidates);
  $('#duty-prev').addEventListener('click', () => load(addDays(state.from, -7)));
  $('#duty-next').addEventListener('click', () => load(addDays(state.from, 7)));
  $('#duty-today').addEventListener('click', () => load(state.today));

  (async function start() {
    try {
      const now = await api.get('/api/staff/duty');  // the server's China day: the phone's clock may be off
      state.today = now.now.date;
      state.nowShift = now.now.shift;
      remember(now);
    } catch (error) {
      Z.showError(error);
      state.today = Z.today();
    }
    const asked = new URLSearchParams(location.search).get('from');
    load(/^\d{4}-\d{2}-\d{2}$/.test(asked || '') ? asked : state.today);
  })();
})(window);
