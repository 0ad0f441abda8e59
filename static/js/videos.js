/* The 普法视频 player (/h5/videos/{id}): when playback first starts, report one play
   (POST /api/videos/{id}/views — the server counts it once per session, video and day; a page
   opened without signing in is not counted and says nothing). Plain ES2017. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const player = Z.$('#video-player');
  if (!player) return;
  let reported = false;
  player.addEventListener('play', async () => {
    if (reported) return;
    reported = true;
    const bureau = player.dataset.bureau ? '?bureau=' + encodeURIComponent(player.dataset.bureau) : '';
    try {
      const found = await Z.api.post('/api/videos/' + encodeURIComponent(player.dataset.id) + '/views' + bureau);
      if (found && found.counted) Z.$('#video-views').textContent = String(found.views);
    } catch (e) { /* not signed in, or the count failed: playing goes on */ }
  });
}(window));
