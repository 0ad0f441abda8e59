/* Asks a following citizen to allow subscribe notices (订阅通知) at the moment that matters: after asking
   (consultation page), after applying (application page). Outside the 48-hour window WeChat delivers only
   notices the citizen allowed, one per "allow"; the platform records each answer (POST /api/me/subscriptions)
   and spends one per notice. In WeChat: the open tag wx-open-subscribe; elsewhere a plain button. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { api, $, el, clear, show, hide } = Z;
  const box = $('#zst-subscribe-ask');
  if (!box) return;
  const moment = box.getAttribute('data-moment');
  const inWeChat = /MicroMessenger/i.test(navigator.userAgent);
  const SDK = 'https://res.wx.qq.com/open/js/jweixin-1.6.0.js';  // WeChat serves it only from its own host

  function requestId() {
    const bytes = new Uint8Array(12);
    (root.crypto || root.msCrypto).getRandomValues(bytes);
    return 'sub-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function done(text) {
    const line = $('#zst-subscribe-done');
    line.textContent = text;
    show(line);
  }

  async function record(accepted, rejected) {
    try {
      const mine = await api.post('/api/me/subscriptions', { request_id: requestId(), accepted: accepted, rejected: rejected });
      const left = mine.subscriptions.filter((s) => accepted.indexOf(s.template) >= 0).map((s) => s.remaining);
      hide($('#zst-subscribe-slot'));
      done(accepted.length ? '已允许，进展会通过微信通知您（可再接收 ' + Math.min.apply(null, left) + ' 条）。'
        : '您未允许接收通知，请稍后回到本页查看进展。');
    } catch (error) {
      Z.toptips(error.message || '暂时无法记录，请稍后再试');
    }
  }

  /* WeChat's open tag: its dialog answers per template with accept, reject, ban or filter. */
  function openTag(ids) {
    const tag = document.createElement('wx-open-subscribe');
    tag.setAttribute('template', ids.join(','));
    tag.id = 'zst-subscribe-tag';
    const inner = document.createElement('script');
    inner.type = 'text/wxtag-template';
    inner.textContent = '<button style="width:100%;padding:10px 0;border:0;border-radius:8px;background:#07c160;color:#fff;font-size:17px;">允许接收微信通知</button>';
    tag.appendChild(inner);
    tag.addEventListener('success', (event) => {
      let details = {};
      try { details = JSON.parse(event.detail.subscribeDetails || '{}'); } catch (e) { details = {}; }
      const status = (id) => { try { return JSON.parse(details[id] || '{}').status; } catch (e) { return null; } };
      record(ids.filter((id) => status(id) === 'accept'), ids.filter((id) => status(id) && status(id) !== 'accept'));
    });
    tag.addEventListener('error', () => Z.toptips('微信暂时无法打开订阅，请稍后再试'));
    return tag;
  }

  function fallbackButton(ids) {
    const button = el('button', { type: 'button', class: 'weui-btn weui-btn_primary', id: 'zst-subscribe-button', text: '允许接收微信通知' });
    button.addEventListener('click', async () => {
      button.disabled = true;
      await record(ids, []);
      button.disabled = false;
    });
    return button;
  }

  async function start() {
    let mine;
    try {
      mine = await api.get('/api/me/subscriptions');
    } catch (error) {
      return;  // nothing to offer: the page works without it
    }
    const ids = (mine.offer || {})[moment] || [];
    const left = {};
    (mine.subscriptions || []).forEach((s) => { left[s.template] = s.remaining; });
    if (!ids.length || ids.every((id) => left[id] > 0)) return;  // nothing to ask, or already allowed
    const slot = $('#zst-subscribe-slot');
    clear(slot);
    slot.appendChild(inWeChat && await wechatReady() ? openTag(ids) : fallbackButton(ids));
    show(box);
  }

  /* WeChat renders an open tag only after wx.config names it; the configuration is signed by the server
     for this page's address. Anything failing leaves the plain button. */
  function loadSdk() {
    if (root.wx) return Promise.resolve(root.wx);
    return new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = SDK;
      script.onload = () => (root.wx ? resolve(root.wx) : reject(new Error('no wx')));
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  async function wechatReady() {
    try {
      const config = await api.get('/api/wechat/jssdk-config?url=' + encodeURIComponent(location.href.split('#')[0]));
      const wx = await loadSdk();
      return await new Promise((resolve) => {
        wx.config(Object.assign({ debug: false, jsApiList: ['checkJsApi'] }, config));
        wx.ready(() => resolve(true));
        wx.error(() => resolve(false));
        setTimeout(() => resolve(false), 5000);
      });
    } catch (error) {
      return false;
    }
  }

  start();
})(window);
