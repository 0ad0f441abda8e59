/* The local WeChat simulator: pick or create a WeChat user, talk to the Official Account through the
   real signed callback (POST /dev/wechat/send), see its passive replies as chat bubbles and news
   cards, and the notifications the WeChat API stand-in received for that user. Users, follow state
   and each user's conversation live in localStorage, so a reload keeps them. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { api, $, $$, el, clear, show, hide } = Z;
  const DATA = Z.pageData();
  const STORE = { users: 'zsw.users', current: 'zsw.current', chat: 'zsw.chat.' };
  const KEEP = 60;  // chat entries kept per user
  const POLL_MS = 3000;
  const CHANNELS = { template: '模板消息', subscribe: '订阅通知', custom: '客服消息' };
  const TEMPLATES = {
    consultation_dispatched: '新咨询待解答', consultation_reminder: '解答提醒',
    consultation_closed: '咨询已停止接收回答', consultation_awarded: '回答被选为中标',
    consultation_followup: '市民追问', consultation_answered: '律师已解答',
    consultation_answers_complete: '解答已齐', consultation_award_reminder: '请选择中标回答',
    application_status: '办事进度更新', application_deadline: '办事期限提醒',
  };
  const LINK = /<a\s+href=(["'])(.*?)\1\s*>([\s\S]*?)<\/a>/g;

  // -- users -------------------------------------------------------------------------------------
  function load(key, fallback) {
    try { const v = JSON.parse(localStorage.getItem(key)); return v === null ? fallback : v; } catch (e) { return fallback; }
  }
  function save(key, value) { localStorage.setItem(key, JSON.stringify(value)); }

  function randomOpenid() {
    const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const bytes = crypto.getRandomValues(new Uint8Array(27));
    return 'o' + Array.from(bytes, (b) => abc[b & 63]).join('');
  }

  const lawyers = (DATA.lawyers || []).map((l) => ({ openid: l.openid, name: l.name + '（律师）', lawyer: true }));
  let users = load(STORE.users, []);
  if (!users.length) {
    users = [{ openid: randomOpenid(), name: '市民一' }];
    save(STORE.users, users);
  }
  let follows = load('zsw.follows', {});
  let current = load(STORE.current, users[0].openid);

  function everyone() { return users.concat(lawyers); }
  function me() { return everyone().find((u) => u.openid === current) || users[0]; }

  function renderUsers() {
    const select = clear($('#zsw-user'));
    const group = (label, list) => {
      const g = el('optgroup', { label: label });
      list.forEach((u) => g.appendChild(el('option', { value: u.openid, text: u.name + ' · ' + u.openid.slice(0, 8) + '…' })));
      select.appendChild(g);
    };
    group('测试用户', users);
    if (lawyers.length) group('种子律师（信丰）', lawyers);
    select.value = me().openid;
  }

  function switchTo(openid) {
    current = openid;
    save(STORE.current, openid);
    renderUsers();
    renderFollow();
    renderChat();
    refreshNotices();
  }

  function renderFollow() {
    const followed = !!follows[current];
    const button = $('#zsw-follow');
    button.textContent = followed ? '取消关注' : '关注公众号';
    button.classList.toggle('zsw-chip_primary', !followed);
  }

  // -- the conversation --------------------------------------------------------------------------
  function conversation(openid) { return load(STORE.chat + (openid || current), []); }
  function remember(openid, entry) {
    const list = conversation(openid);
    list.push(entry);
    save(STORE.chat + openid, list.slice(-KEEP));
  }

  /* Reply text may carry <a href="…">…</a> (WeChat renders those as links); everything else is text. */
  function richText(text, className) {
    const node = el('div', { class: className || 'zsw-bubble__text' });
    let at = 0;
    text.replace(LINK, (match, quote, href, label, index) => {
      node.appendChild(document.createTextNode(text.slice(at, index)));
      node.appendChild(/^https?:\/\//.test(href) ? el('a', { href: href.replace(/&amp;/g, '&'), class: 'zsw-h5-link', text: label })
        : menuMessageLink(href, label) || document.createTextNode(label));
      at = index + match.length;
      return match;
    });
    node.appendChild(document.createTextNode(text.slice(at)));
    return node;
  }

  /* weixin://bizmsgmenu?msgmenucontent=…: tapping it sends that text as the user's message, as WeChat does. */
  function menuMessageLink(href, label) {
    const found = /^weixin:\/\/bizmsgmenu\?(.*)$/.exec(href.replace(/&amp;/g, '&'));
    if (!found) return null;
    const said = new URLSearchParams(found[1]).get('msgmenucontent');
    if (!said) return null;
    return el('a', { href: '#', class: 'zsw-menu-msg', 'data-says': said, text: label });
  }

  function newsCard(article) {
    return el('a', { class: 'zsw-card zsw-h5-link', href: article.url || '#' },
      el('strong', { class: 'zsw-card__title', text: article.title }),
      el('span', { class: 'zsw-card__body' },
        el('span', { class: 'zsw-card__desc', text: article.description }),
        article.pic_url ? el('img', { class: 'zsw-card__pic', src: article.pic_url, alt: '' }) : null),
      el('span', { class: 'zsw-card__more', text: '阅读全文' }));
  }

  function entryNode(entry) {
    if (entry.who === 'system') return el('p', { class: 'zsw-system' + (entry.error ? ' zsw-system_error' : ''), text: entry.text });
    const mine = entry.who === 'me';
    let content;
    if (entry.type === 'news') content = el('div', { class: 'zsw-cards' }, ...entry.articles.map(newsCard));
    else if (entry.type === 'image') content = el('div', { class: 'zsw-bubble zsw-bubble_image', text: '[图片]' });
    else if (entry.type === 'voice') content = el('div', { class: 'zsw-bubble' }, el('div', { class: 'zsw-bubble__text', text: '[语音] ' + entry.text }));
    else content = el('div', { class: 'zsw-bubble' }, mine ? el('div', { class: 'zsw-bubble__text', text: entry.text }) : richText(entry.text));
    return el('div', { class: 'zsw-msg ' + (mine ? 'zsw-msg_me' : 'zsw-msg_app') },
      el('span', { class: 'zsw-avatar', 'aria-hidden': 'true', text: mine ? (me().name || '我').slice(0, 1) : '掌' }), content);
  }

  function renderChat() {
    const chat = $('#zsw-chat');
    $$('.zsw-msg, .zsw-system:not(#zsw-chat-empty), .zsw-trace', chat).forEach((n) => n.remove());
    const entries = conversation();
    show($('#zsw-chat-empty'), !entries.length);
    entries.forEach((e) => chat.appendChild(entryNode(e)));
    chat.scrollTop = chat.scrollHeight;
  }

  /* Keep `entry` in `openid`'s conversation; show it if that user is still the one on screen. */
  function add(openid, entry, trace) {
    remember(openid, entry);
    if (openid !== current) return;
    hide($('#zsw-chat-empty'));
    const chat = $('#zsw-chat');
    chat.appendChild(entryNode(entry));
    if (trace) chat.appendChild(trace);
    chat.scrollTop = chat.scrollHeight;
  }

  /* What went over the wire, for the developer: the signed query, the XML, the raw reply. */
  function traceNode(result) {
    const query = Object.entries(result.sent.query).map(([k, v]) => k + '=' + v).join('&');
    return el('details', { class: 'zsw-trace' },
      el('summary', { text: '报文 · ' + (result.mode === 'safe' ? '安全模式' : '明文模式') + ' · HTTP ' + result.status + ' · ' + result.ms + ' ms' }),
      el('pre', { text: 'POST /wechat?' + query + '\n\n' + result.sent.xml + (result.mode === 'safe' ? '\n\n加密后：\n' + result.sent.body : '') }),
      el('pre', { text: '回复：\n' + (result.received || '（空）') + (result.reply.xml && result.mode === 'safe' ? '\n\n解密后：\n' + result.reply.xml : '') }));
  }

  function replyEntry(reply) {
    if (reply.type === 'text') return { who: 'app', type: 'text', text: reply.content };
    if (reply.type === 'news') return { who: 'app', type: 'news', articles: reply.articles };
    if (reply.type === 'none') return null;
    if (reply.type === 'refused') return { who: 'system', error: true, text: '回调拒绝了这条推送（HTTP ' + reply.status + '）：' + reply.reason };
    if (reply.type === 'broken') return { who: 'system', error: true, text: '回复不合规：' + reply.reason };
    return { who: 'system', text: '收到 ' + reply.type + ' 类型的回复' };
  }

  async function send(kind, fields, mine) {
    const who = current;
    if ($('#zsw-chat').classList.contains('zst-hidden')) tab('chat');  // the reply shows in the chat
    if (mine) add(who, mine);
    try {
      const result = await api.post('/dev/wechat/send', Object.assign({ openid: who, kind: kind }, fields));
      const entry = replyEntry(result.reply) || { who: 'system', text: '公众号没有回复（success）' };
      add(who, entry, traceNode(result));
      return result;
    } catch (error) {
      add(who, { who: 'system', error: true, text: '发送失败：' + error.message });
      return null;
    } finally {
      setTimeout(refreshNotices, 800);  // delivery starts right after the request
    }
  }

  // -- notifications -----------------------------------------------------------------------------
  let seen = {};
  function noticeNode(n) {
    const title = n.channel === 'custom' ? CHANNELS.custom : (TEMPLATES[n.template] || n.template || CHANNELS[n.channel]);
    const rows = Object.entries(n.data || {}).map(([k, v]) => el('div', { class: 'zsw-notice__row' },
      el('span', { class: 'zsw-notice__key', text: k }), el('span', { class: 'zsw-notice__value', text: String(v) })));
    return el('li', { class: 'zsw-notice' + (n.ok ? '' : ' zsw-notice_failed') },
      el('div', { class: 'zsw-notice__hd' },
        el('strong', { text: title }),
        el('span', { class: 'zsw-notice__meta', text: CHANNELS[n.channel] + ' · '
          + (n.account ? (n.account === 'lawyers' ? '律师服务号' : '公众号 ' + n.account) + ' · ' : '')
          + Z.formatTime(n.time) })),
      n.text ? richText(n.text, 'zsw-notice__text') : null,  // its link is tapped as in WeChat
      ...rows,
      n.ok ? null : el('p', { class: 'zsw-notice__error', text: '微信接口返回失败：' + (n.error || '') }),
      n.url ? el('a', { class: 'zsw-notice__link zsw-h5-link', href: n.url, text: '详情' }) : null);
  }

  async function refreshNotices() {
    const who = current;
    try {
      const result = await api.get('/dev/wechat/notifications?openid=' + encodeURIComponent(who));
      if (who !== current) return;
      hide($('#zsw-notices-error'));
      const list = clear($('#zsw-notices-list'));
      result.records.forEach((n) => list.appendChild(noticeNode(n)));
      show($('#zsw-notices-empty'), !result.records.length);
      const count = $('#zsw-notice-count');
      count.textContent = String(result.records.length);
      show(count, result.records.length > 0);
      const fresh = result.records.length > (seen[who] || 0);
      count.classList.toggle('zsw-badge_new', fresh && $('#zsw-notices').classList.contains('zst-hidden'));
      if (!$('#zsw-notices').classList.contains('zst-hidden')) seen[who] = result.records.length;
    } catch (error) {
      const box = $('#zsw-notices-error');
      box.textContent = error.message;
      show(box);
    }
  }

  // -- wiring ------------------------------------------------------------------------------------
  function tab(which) {
    const notices = which === 'notices';
    show($('#zsw-chat'), !notices);
    show($('#zsw-notices'), notices);
    $('#zsw-tab-chat').classList.toggle('zsw-tab_on', !notices);
    $('#zsw-tab-notices').classList.toggle('zsw-tab_on', notices);
    $('#zsw-tab-chat').setAttribute('aria-selected', String(!notices));
    $('#zsw-tab-notices').setAttribute('aria-selected', String(notices));
    if (notices) refreshNotices().then(() => { seen[current] = $('#zsw-notices-list').children.length; $('#zsw-notice-count').classList.remove('zsw-badge_new'); });
  }

  function closeMenus() {
    $$('.zsw-menu__sub').forEach((sub) => hide(sub));
    $$('.zsw-menu__btn[aria-expanded]').forEach((b) => b.setAttribute('aria-expanded', 'false'));
  }

  $('#zsw-user').addEventListener('change', (e) => switchTo(e.target.value));
  $('#zsw-new').addEventListener('click', () => {
    $('#zsw-new-openid').value = randomOpenid();
    $('#zsw-new-name').value = '';
    show($('#zsw-new-form'));
    $('#zsw-new-name').focus();
  });
  $('#zsw-new-cancel').addEventListener('click', () => hide($('#zsw-new-form')));
  $('#zsw-new-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const openid = $('#zsw-new-openid').value.trim();
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(openid)) { Z.toptips('openid 只能包含字母、数字、- 和 _'); return; }
    if (!everyone().some((u) => u.openid === openid)) {
      users.push({ openid: openid, name: $('#zsw-new-name').value.trim() || '用户' + (users.length + 1) });
      save(STORE.users, users);
    }
    hide($('#zsw-new-form'));
    switchTo(openid);
  });

  $('#zsw-follow').addEventListener('click', async () => {
    const kind = follows[current] ? 'unsubscribe' : 'subscribe';
    const who = current;
    const result = await send(kind, {}, { who: 'system', text: kind === 'subscribe' ? '你关注了「掌上通」' : '你取消关注了「掌上通」' });
    if (result && result.status === 200) {
      follows[who] = kind === 'subscribe';
      save('zsw.follows', follows);
      renderFollow();
    }
  });

  $('#zsw-compose').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = $('#zsw-text').value.trim();
    if (!text) return;
    $('#zsw-text').value = '';
    send('text', { content: text }, { who: 'me', type: 'text', text: text });
  });
  $('#zsw-image').addEventListener('click', () => send('image', {}, { who: 'me', type: 'image' }));
  // 语音: what is in the box is what the user "says" — WeChat's recognised text (Recognition)
  $('#zsw-voice').addEventListener('click', () => {
    const said = $('#zsw-text').value.trim();
    if (!said) { $('#zsw-text').placeholder = '写下要说的话，再点语音'; $('#zsw-text').focus(); return; }
    $('#zsw-text').value = '';
    send('voice', { content: said }, { who: 'me', type: 'voice', text: said });
  });
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a.zsw-menu-msg');
    if (!link) return;
    event.preventDefault();
    send('text', { content: link.dataset.says }, { who: 'me', type: 'text', text: link.dataset.says });
  });

  $$('.zsw-menu__btn[aria-expanded]').forEach((button) => button.addEventListener('click', (event) => {
    event.stopPropagation();
    const sub = button.nextElementSibling;
    const open = sub.classList.contains('zst-hidden');
    closeMenus();
    show(sub, open);
    button.setAttribute('aria-expanded', String(open));
  }));
  $$('button.zsw-menu__leaf').forEach((leaf) => leaf.addEventListener('click', () => {
    closeMenus();
    send('click', { key: leaf.dataset.key }, { who: 'system', text: '点击菜单「' + leaf.textContent.trim() + '」' });
  }));
  document.addEventListener('click', closeMenus);
  $('#zsw-tab-chat').addEventListener('click', () => tab('chat'));
  $('#zsw-tab-notices').addEventListener('click', () => tab('notices'));

  /* An H5 link opens signed in as the simulated user, as WeChat's OAuth would sign them in. */
  document.addEventListener('click', async (event) => {
    const link = event.target.closest('a.zsw-h5-link');
    if (!link || event.defaultPrevented || !link.href.startsWith(location.origin + Z.base + '/')) return;
    event.preventDefault();
    const user = me();
    const body = { role: user.lawyer ? 'lawyer' : 'citizen', id: user.openid };
    // A bureau's page (?bureau=) signs the citizen in on that bureau's account, as WeChat's OAuth would
    const bureau = new URL(link.href).searchParams.get('bureau');
    if (!user.lawyer && /^[0-9]{6}$/.test(bureau || '')) body.bureau = bureau;
    try {
      await api.post('/dev/login', body);
    } catch (error) { /* the page will offer its own sign-in */ }
    location.href = link.href;
  });

  renderUsers();
  renderFollow();
  renderChat();
  refreshNotices();
  setInterval(refreshNotices, POLL_MS);
})(window);
