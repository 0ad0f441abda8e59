/* The lawyers' picker (issue 13): find an article, a case or a template in the law library and insert
   a reference to it into the answer at the cursor. The reference is words, not a web address (the
   screening refuses those): 《中华人民共和国劳动合同法》第三十八条, 以案释法案例“…”, 文书模板“…”; the
   citizen's page shows each as a link (chalicelib/library/citations.py). Plain ES2017. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { api, $, el } = Z;
  const KIND = { article: '法条', case: '案例', template: '文书' };
  const box = $('#answer-body');
  if (!box || !$('#answer-picker')) return;

  function reference(r) {
    if (r.kind === 'article') return '《' + r.title + '》' + (r.label || '');
    return (r.kind === 'case' ? '以案释法案例“' : '文书模板“') + r.title + '”';
  }

  function insert(text) {
    const start = box.selectionStart === undefined ? box.value.length : box.selectionStart;
    const end = box.selectionEnd === undefined ? start : box.selectionEnd;
    box.value = box.value.slice(0, start) + text + box.value.slice(end);
    box.dispatchEvent(new Event('input'));  // count and height follow the text
    box.focus();
    box.setSelectionRange(start + text.length, start + text.length);
  }

  async function find() {
    const query = $('#picker-q').value.trim();
    const list = Z.clear($('#picker-results'));
    const empty = $('#picker-empty');
    Z.hide(empty);
    if (!query) return;
    try {
      const found = await api.get('/api/library/search?limit=8&q=' + encodeURIComponent(query));
      found.results.forEach((r) => list.appendChild(el('li', { class: 'zst-picker__item' },
        el('button', { type: 'button', class: 'zst-picker__pick', onclick: () => insert(reference(r)) },
          el('span', { class: 'zst-lib-result__kind zst-lib-result__kind_' + r.kind, text: KIND[r.kind] }),
          el('span', { class: 'zst-picker__title', text: r.title + (r.label ? ' ' + r.label : '') }),
          el('span', { class: 'zst-picker__snippet', text: r.snippet.map((s) => s.text).join('') })))));
      if (!found.results.length) {
        empty.textContent = '没有找到，换个说法再试。';
        Z.show(empty);
      }
    } catch (error) {  // said beside the picker: the answer being written stays in view
      empty.textContent = error.message || '查找未成功，请稍后再试';
      Z.show(empty);
    }
  }

  $('#picker-go').addEventListener('click', find);
  $('#picker-q').addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();  // not the answer form's submit
      find();
    }
  });
}(window));
