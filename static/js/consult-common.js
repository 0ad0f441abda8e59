/* What the consultation pages share (citizen page, my list, lawyer workbench): category names,
   stars, the live character count, and a follow-up thread drawn as a conversation. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { api, el } = Z;
  // The server counts letters, digits and CJK characters towards a minimum — not spaces or punctuation.
  const MEANINGFUL = /[\p{L}\p{N}]/gu;
  const WHO = { citizen: '市民', lawyer: '律师' };
  let names = null;

  function meaningful(text) { return ((text || '').match(MEANINGFUL) || []).length; }

  function excerpt(text, length) {
    const flat = (text || '').replace(/\s+/g, ' ').trim();
    return flat.length <= length ? flat : flat.slice(0, length - 1) + '…';
  }

  /* {code: name} of the categories, fetched once per page. */
  function categoryNames() {
    if (!names) {
      names = api.get('/api/categories').then((list) => {
        const found = {};
        list.forEach((c) => { found[c.code] = c.name; });
        return found;
      }).catch(() => ({}));
    }
    return names;
  }

  function starsText(stars) {
    return stars === null || stars === undefined ? '暂无评分' : '★ ' + Number(stars).toFixed(1);
  }

  /* Keep `counter` showing the length of `textarea`, and `tip` how many characters are still
     needed to reach `min` (meaningful ones). */
  function liveCount(textarea, counter, tip, min) {
    const update = () => {
      counter.textContent = String(textarea.value.length);
      if (tip) {
        const missing = min - meaningful(textarea.value);
        tip.textContent = missing > 0 ? '至少 ' + min + ' 个字，还差 ' + missing + ' 个（标点和空格不计）' : '';
      }
    };
    textarea.addEventListener('input', update);
    update();
    return update;
  }

  /* A thread as a conversation: `me` ('citizen' or 'lawyer') on the right, called 我 unless
     `mineLabel` says otherwise (staff read the citizen's side as 市民). */
  function thread(followups, me, mineLabel) {
    const list = el('ul', { class: 'zst-thread__list' });
    followups.forEach((f) => {
      const mine = f.author === me;
      list.appendChild(el('li', { class: 'zst-msg zst-msg_' + (mine ? 'mine' : 'theirs') + ' zst-msg_' + f.author },
        el('p', { class: 'zst-msg__who', text: (mine ? mineLabel || '我' : WHO[f.author] || f.author) + ' · ' + Z.formatTime(f.created_at) }),
        el('p', { class: 'zst-msg__body', text: f.body })));
    });
    return list;
  }

  /* A textarea that grows with what is typed (up to `max` px), so a long answer is read whole.
     Never smaller than its `rows` (or its placeholder), and never measured while hidden: a hidden
     box measures 0 and would be left 2 px tall when shown, so it is fitted again when it appears. */
  function autoGrow(textarea, max) {
    let width = 0;
    const fit = () => {
      if (!textarea.getClientRects().length) return;  // display:none here or above: nothing to measure
      width = textarea.clientWidth;
      textarea.style.height = 'auto';  // its rows' height, from which scrollHeight grows with the text
      const wanted = Math.max(textarea.scrollHeight, placeholderHeight(textarea)) + outside(textarea);
      textarea.style.height = Math.min(wanted, max || 480) + 'px';
    };
    textarea.addEventListener('input', fit);
    if (root.ResizeObserver) {
      // Shown (0 → a width) or turned (a new width): fit on the next frame, outside the observer.
      new root.ResizeObserver(() => {
        if (textarea.clientWidth !== width) requestAnimationFrame(fit);
      }).observe(textarea);
    }
    fit();
    return fit;
  }

  /* scrollHeight counts the padding box; `height` sets the border box or the content box. */
  function outside(textarea) {
    const style = getComputedStyle(textarea);
    return style.boxSizing === 'border-box'
      ? parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth)
      : -(parseFloat(style.paddingTop) + parseFloat(style.paddingBottom));
  }

  /* The height the placeholder needs at the box's width: a cut hint is no hint. */
  function placeholderHeight(textarea) {
    if (!textarea.placeholder || textarea.value) return 0;
    const style = getComputedStyle(textarea);
    const probe = document.createElement('div');
    ['font', 'letterSpacing', 'wordBreak', 'overflowWrap', 'paddingTop', 'paddingRight', 'paddingBottom',
      'paddingLeft', 'lineHeight'].forEach((name) => { probe.style[name] = style[name]; });
    probe.style.cssText += ';position:absolute;visibility:hidden;white-space:pre-wrap;box-sizing:content-box;';
    probe.style.width = (textarea.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)) + 'px';
    probe.textContent = textarea.placeholder;
    document.body.appendChild(probe);
    const height = probe.offsetHeight;
    probe.remove();
    return height;
  }

  /* "刘建华 律师 · 江西桃江律师事务所（信丰）", as the workbench names its lawyer: a firm whose name
     has brackets of its own is never wrapped in another pair. */
  function lawyerLabel(lawyer) {
    const name = (lawyer && lawyer.name ? lawyer.name : '') + ' 律师';
    return lawyer && lawyer.firm ? name + ' · ' + lawyer.firm : name;
  }

  function busy(button, on) {
    button.classList.toggle('weui-btn_loading', on);
    button.disabled = on;
  }

  /* An answer's text with the articles, cases and templates it cites as links into the law library
     (`segments` from the API, chalicelib/library/citations.py); the text as it is when absent. */
  function cited(answer) {
    return (answer.segments || [{ text: answer.body }]).map((s) => (s.href
      ? Z.el('a', { class: 'zst-cite', href: Z.base + s.href, title: s.title, text: s.text })
      : document.createTextNode(s.text)));
  }

  root.ZSTConsult = { meaningful, excerpt, categoryNames, starsText, liveCount, thread, autoGrow, busy, lawyerLabel, cited };
})(window);
