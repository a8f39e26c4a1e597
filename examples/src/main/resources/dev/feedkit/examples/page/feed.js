// The demo feed page: renders GET /api/v1/feed for ?viewer= and follows next_page as the reader
// scrolls. Plain script, no build step. Every piece of data goes into the page through
// textContent or a checked attribute, never through innerHTML: posts, names and tags may hold
// "</script>", quotes, U+2028 or markup, and must show as the characters they are.
// Fields the page does not know (a host's "extra", say) are ignored.
//
// State for tests and tools: <body data-pages="N" data-state="loading|idle|done|error">, and a
// "feedkit:page" event on document after each page is in the DOM ("feedkit:error" when one fails).
'use strict';

(function () {
  const API = '/api/v1/feed';
  const PASSED_ON = ['limit', 'mode'];   // page parameters handed to the API as they are

  const params = new URLSearchParams(window.location.search);
  const viewer = params.get('viewer') || '';
  const feed = document.getElementById('feed');
  const sentinel = document.getElementById('sentinel');
  const status = document.getElementById('status');
  const end = document.getElementById('end');
  const error = document.getElementById('error');
  const retry = document.getElementById('retry');

  let cursor = null;       // next_page of the last page, null before the first
  let pages = 0;
  let items = 0;
  let loading = false;
  let done = false;

  document.getElementById('viewer').value = viewer;
  retry.addEventListener('click', function () { error.hidden = true; retry.hidden = true; load(); });

  const observer = new IntersectionObserver(function (entries) {
    if (entries.some(function (e) { return e.isIntersecting; })) {
      load();
    }
  }, { rootMargin: '0px 0px 600px 0px' });

  setState('idle');
  observer.observe(sentinel);

  function load() {
    if (loading || done) {
      return;
    }
    loading = true;
    setState('loading');
    fetch(pageUrl(), { headers: { Accept: 'application/json' }, cache: 'no-store' })
      .then(function (response) {
        return response.json().catch(function () { return null; }).then(function (body) {
          if (!response.ok || body === null) {
            throw new Error(failure(response, body));
          }
          return body;
        });
      })
      .then(function (page) {
        render(page);
        loading = false;
        setState(done ? 'done' : 'idle');
        document.dispatchEvent(new CustomEvent('feedkit:page', { detail: { pages: pages } }));
        // Observing again reports the sentinel's current state: a page that does not fill the
        // screen loads the next one without waiting for a scroll that cannot happen.
        observer.unobserve(sentinel);
        if (!done) {
          observer.observe(sentinel);
        }
      })
      .catch(function (e) {
        loading = false;
        setState('error');
        error.textContent = e.message;
        error.hidden = false;
        retry.hidden = false;
        document.dispatchEvent(new CustomEvent('feedkit:error', { detail: { message: e.message } }));
      });
  }

  function pageUrl() {
    const q = new URLSearchParams();
    q.set('viewer', viewer);
    PASSED_ON.forEach(function (name) {
      if (params.has(name)) {
        q.set(name, params.get(name));
      }
    });
    if (cursor !== null) {
      q.set('cursor', cursor);
    }
    return API + '?' + q.toString();
  }

  function failure(response, body) {
    const e = body && body.error;
    const what = e && typeof e.message === 'string' ? e.message : (e && e.code) || response.statusText;
    return 'HTTP ' + response.status + ': ' + what;
  }

  function render(page) {
    const list = Array.isArray(page.items) ? page.items : [];
    const batch = document.createDocumentFragment();
    list.forEach(function (item) { batch.appendChild(post(item)); });
    feed.appendChild(batch);
    pages += 1;
    items += list.length;
    cursor = typeof page.next_page === 'string' ? page.next_page : null;
    done = cursor === null;
    end.hidden = !done;
    feed.setAttribute('aria-busy', 'false');
    document.body.dataset.pages = String(pages);
    status.textContent = 'viewer ' + viewer + ' \u00b7 ' + pages + (pages === 1 ? ' page' : ' pages')
      + ' \u00b7 ' + items + ' posts';
  }

  function post(item) {
    const article = el('article', 'post');
    article.dataset.id = String(item.id);
    article.appendChild(author(item.author || {}));
    const text = el('div', 'text', typeof item.text === 'string' ? item.text : '');
    text.dir = 'auto';
    article.appendChild(text);
    const media = Array.isArray(item.media) ? item.media : [];
    if (media.length > 0) {
      const grid = el('div', 'media');
      media.forEach(function (m) { grid.appendChild(tile(m)); });
      article.appendChild(grid);
    }
    const tags = Array.isArray(item.tags) ? item.tags : [];
    if (tags.length > 0) {
      const ul = el('ul', 'tags');
      tags.forEach(function (t) { ul.appendChild(el('li', 'tag', '#' + t)); });
      article.appendChild(ul);
    }
    article.appendChild(meta(item));
    return article;
  }

  function author(a) {
    const box = el('div', 'author');
    const name = typeof a.display_name === 'string' && a.display_name !== '' ? a.display_name : a.username || '?';
    box.appendChild(el('div', 'avatar', Array.from(name)[0].toUpperCase()));
    const who = el('div', 'who');
    const line = el('span', 'name', name);
    line.dir = 'auto';
    if (a.verified === true) {
      const mark = el('span', 'verified', '\u2713');
      mark.title = 'verified';
      line.appendChild(mark);
    }
    who.appendChild(line);
    const rel = a.viewer || {};
    who.appendChild(el('span', 'handle', '@' + (a.username || '') + (rel.followed_by === true ? ' \u00b7 follows you' : '')));
    box.appendChild(who);
    return box;
  }

  // Demo media point at hosts that do not resolve, so a tile stands for each: its kind and size,
  // shaped to the aspect ratio when both sides are known, linking to the URL when it is http(s).
  function tile(m) {
    const kind = m.kind === 'video' || m.kind === 'gif' ? m.kind : 'image';
    const a = el('a', 'tile ' + kind);
    const href = safeUrl(m.url);
    if (href !== null) {
      a.href = href;
      a.rel = 'noopener noreferrer nofollow';
      a.target = '_blank';
    }
    const sized = Number.isFinite(m.width) && Number.isFinite(m.height) && m.width > 0 && m.height > 0;
    if (sized) {
      a.style.aspectRatio = m.width + ' / ' + m.height;
    }
    a.textContent = kind + (sized ? ' ' + m.width + '\u00d7' + m.height : '');
    return a;
  }

  function safeUrl(raw) {
    try {
      const url = new URL(String(raw));
      return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function meta(item) {
    const box = el('div', 'meta');
    const time = el('time', null, when(item.created_at));
    time.dateTime = String(item.created_at || '');
    box.appendChild(time);
    const stats = item.stats || {};
    box.appendChild(el('span', null, (stats.likes || 0) + ' likes'));
    box.appendChild(el('span', null, (stats.replies || 0) + ' replies'));
    return box;
  }

  function when(iso) {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? String(iso || '') : d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = String(text);
    }
    return node;
  }

  function setState(state) {
    document.body.dataset.state = state;
  }
}());
