/* The citizen's own items (/h5/mine): their consultations, newest first, each with its status and
   how many lawyers answered; their commissions (委托律师); and their service applications (drafts
   open the form again). */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const C = root.ZSTConsult;
  const { api, $, el, clear } = Z;

  function empty(list, text) {
    list.appendChild(el('div', { class: 'weui-cell' }, el('div', { class: 'weui-cell__bd zst-muted', text: text })));
  }

  async function consultations() {
    const list = $('#mine-consultations');
    try {
      const [items, names] = await Promise.all([api.get('/api/consultations'), C.categoryNames()]);
      clear(list);
      items.forEach((c) => {
        const badge = el('span');
        Z.statusBadge(badge, c.status, c.status_label);
        const answers = c.answer_count ? c.answer_count + ' 位律师解答' : '暂无解答';
        list.appendChild(el('a', { class: 'weui-cell weui-cell_active weui-cell_access zst-mine__item',
          href: Z.base + '/h5/consultations/' + encodeURIComponent(c.id) },
        el('div', { class: 'weui-cell__bd' },
          el('p', { class: 'zst-mine__question', text: C.excerpt(c.question, 40) }),
          el('p', { class: 'zst-muted', text: [names[c.category] || c.category, Z.formatTime(c.created_at), answers].join(' · ') }),
          el('p', {}, badge)),
        el('div', { class: 'weui-cell__ft' })));
      });
      if (!items.length) empty(list, '还没有法律咨询');
    } catch (error) {
      clear(list);
      if (error.status === 401) location.reload();
      else empty(list, error.message);
    }
  }

  async function applications() {
    const list = $('#mine-applications');
    try {
      const items = await api.get('/api/applications');
      clear(list);
      items.forEach((a) => list.appendChild(Z.applicationCell(a)));
      if (!items.length) empty(list, '还没有办事申请');
    } catch (error) {
      clear(list);
      empty(list, error.status === 404 ? '暂不能查看办事申请' : error.message);
    }
  }

  async function commissions() {
    const list = $('#mine-commissions');
    try {
      const items = await api.get('/api/commissions');
      clear(list);
      items.forEach((c) => {
        const badge = el('span');
        Z.statusBadge(badge, c.status, c.status_label);
        list.appendChild(el('a', { class: 'weui-cell weui-cell_active weui-cell_access zst-mine__item',
          href: Z.base + '/h5/commissions/' + encodeURIComponent(c.id) },
        el('div', { class: 'weui-cell__bd' },
          el('p', { class: 'zst-mine__question', text: c.service }),
          el('p', { class: 'zst-muted', text: '编号 ' + c.id + ' · ' + Z.formatTime(c.created_at) }),
          el('p', {}, badge)),
        el('div', { class: 'weui-cell__ft' })));
      });
      if (!items.length) empty(list, '还没有委托律师');
    } catch (error) {
      clear(list);
      empty(list, error.message);
    }
  }

  consultations();
  commissions();
  applications();
})(window);
