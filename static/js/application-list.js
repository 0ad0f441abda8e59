/* One row of the citizen's own applications, as the home page and /h5/mine both list them: a draft
   opens its form again, anything else its progress page. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { el } = Z;

  Z.applicationCell = function (a) {
    const target = a.status === 'draft'
      ? Z.base + '/h5/apply/' + encodeURIComponent(a.type) + '?id=' + encodeURIComponent(a.id)
      : Z.base + '/h5/applications/' + encodeURIComponent(a.id);
    const badge = el('span');
    Z.statusBadge(badge, a.status, a.status_label);
    return el('a', { class: 'weui-cell weui-cell_active weui-cell_access', href: target },
      el('div', { class: 'weui-cell__bd' }, el('p', { text: a.name }),
        el('p', { class: 'zst-muted', text: '更新于 ' + Z.formatTime(a.updated_at) })),
      el('div', { class: 'weui-cell__ft' }, badge));
  };
})(window);
