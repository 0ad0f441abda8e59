/* The law library's pages: a law read a page of articles at a time (加载更多), a jump to one article
   by its #art-N anchor (a search result's link) even when it is not on the first page, and the
   template page's copy button. Plain ES2017, no build step. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { api, $, el } = Z;
  const PAGE = 50;

  function articleNode(a) {
    return el('section', { class: 'zst-lib-article', id: 'art-' + a.number, 'data-chapter': a.chapter || '' },
      el('h3', { class: 'zst-lib-article__label', text: a.label }),
      ...(a.lines || a.text.split('\n').map((line) => [{ text: line }])).map((line) => el('p', {},
        ...line.map((piece) => (piece.href
          ? el('a', { class: 'zst-cite', href: Z.base + piece.href, title: piece.title, text: piece.text })
          : piece.text)))));
  }

  function lawReader(list) {
    const more = $('#lib-more');
    const end = $('#lib-end');
    const slug = list.dataset.slug;

    function lastChapter() {
      const sections = list.querySelectorAll('.zst-lib-article');
      return sections.length ? sections[sections.length - 1].dataset.chapter : null;
    }

    function append(page) {
      let chapter = lastChapter();
      page.articles.forEach((a) => {
        if (a.chapter && a.chapter !== chapter) list.appendChild(el('h2', { class: 'zst-lib-chapter', text: a.chapter }));
        chapter = a.chapter;
        list.appendChild(articleNode(a));
      });
      list.dataset.next = page.next === null ? '' : String(page.next);
      Z.show(more, page.next !== null);
      Z.show(end, page.next === null);
    }

    async function load(after) {
      const version = list.dataset.version ? '&version=' + encodeURIComponent(list.dataset.version) : '';
      const query = '?limit=' + PAGE + (after === null ? '' : '&after=' + after) + version;
      return api.get('/api/laws/' + encodeURIComponent(slug) + query);
    }

    more.addEventListener('click', async () => {
      more.disabled = true;
      try {
        append(await load(Number(list.dataset.next)));
      } catch (error) {
        Z.showError(error);
      } finally {
        more.disabled = false;
      }
    });

    /* A link to #art-N whose article is past the first page: read from that article on. */
    async function jump() {
      const match = /^#art-(\d+)$/.exec(location.hash);
      if (!match) return;
      const number = Number(match[1]);
      if (!document.getElementById('art-' + number)) {
        try {
          const page = await load(number > 0 ? number - 1 : null);
          Z.clear(list);
          append(page);
          Z.show($('#lib-restart'));
        } catch (error) {
          Z.showError(error);
          return;
        }
      }
      const target = document.getElementById('art-' + number);
      if (target) {
        target.classList.add('zst-lib-article_target');
        target.scrollIntoView({ block: 'start' });
      }
    }

    root.addEventListener('hashchange', jump);
    jump();
  }

  function copier(button) {
    const text = $('#lib-template-text').textContent;
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(text);
      } catch (e) {
        // Older WeChat browsers have no async clipboard: select the text and copy the old way.
        const range = document.createRange();
        range.selectNodeContents($('#lib-template-text'));
        const selection = root.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        if (!document.execCommand('copy')) {
          Z.toptips('请长按文本手动复制');
          return;
        }
        selection.removeAllRanges();
      }
      Z.toast('已复制全文');
    });
  }

  if ($('#lib-articles')) lawReader($('#lib-articles'));
  if ($('#lib-copy')) copier($('#lib-copy'));
})(window);
