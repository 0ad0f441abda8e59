/* An application's access log (who viewed or acted on its personal data, when), drawn into a list:
   shared by the staff privacy page and the staff application page. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { api, el, clear } = Z;

  async function draw(list, applicationId) {
    clear(list);
    Z.show(list);
    try {
      const entries = await api.get('/api/staff/access-log?application_id=' + encodeURIComponent(applicationId));
      entries.forEach((e) => {
        list.appendChild(el('div', { class: 'weui-cell zst-access-entry' }, el('div', { class: 'weui-cell__bd' },
          el('p', { text: (e.staff_name || e.staff_id) + ' · ' + e.label }),
          el('p', { class: 'zst-muted', text: Z.formatTime(e.at) }))));
      });
      if (!entries.length) list.appendChild(el('div', { class: 'weui-cell' }, el('div', { class: 'weui-cell__bd zst-muted', text: '没有记录' })));
    } catch (error) {
      list.appendChild(el('div', { class: 'weui-cell' }, el('div', { class: 'weui-cell__bd zst-muted', text: error.message })));
    }
  }

  Z.accessLog = { draw: draw };
}(window));
