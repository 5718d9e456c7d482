// Search, served from this site only (no other host): Pagefind's index is built over the
// finished site by build.py and loaded in small pieces as the reader types.
// 1. A search box in the header, which opens the search page with the query.
// 2. On the search page, a small results list over Pagefind's API. A query that is exactly
//    the name of a person, organisation or place (or one of its spellings in the registry)
//    puts that page first and is searched as that name too (so every spelling finds the same
//    pages); then the briefings that mention it, then the other pages that do, each in
//    Pagefind's relevance order (a briefing is marked by the theme override with the Pagefind
//    filter kind:briefing). Any other query keeps Pagefind's relevance order. Twenty results at
//    a time: a button shows the next twenty.
(function () {
  "use strict";
  var config = {};
  try { config = JSON.parse(document.getElementById("__config").textContent); } catch (e) { /* no theme config */ }
  var base = new URL((config.base || ".").replace(/\/$/, "") + "/", window.location.href);
  // The interface's words in the page's language (written by the theme override from the message
  // catalogue). Each language's site has its own search index, in pagefind/ beside this page's base.
  var words = {};
  try { words = JSON.parse(document.getElementById("search-words").textContent) || {}; } catch (e) { /* English */ }
  function say(key, english, values) {
    var text = words[key] || english;
    Object.keys(values || {}).forEach(function (name) { text = text.split("%(" + name + ")s").join(values[name]); });
    return text;
  }
  var APOSTROPHES = /['’ʼ‘`´ʹ]/g;
  var MAX_RESULTS = 20;
  var MAX_SUB_RESULTS = 3;

  function addHeaderBox() {
    var header = document.querySelector(".md-header__inner");
    // One search form per page: the search page has its own.
    if (!header || document.querySelector(".site-search") || document.getElementById("search-app")) { return; }
    var form = document.createElement("form");
    form.className = "site-search";
    form.setAttribute("role", "search");
    form.action = new URL("search/", base).pathname;
    var input = document.createElement("input");
    input.type = "search";
    input.name = "q";
    input.placeholder = say("placeholder", "Search");
    input.setAttribute("aria-label", say("label", "Search the briefings"));
    form.appendChild(input);
    header.insertBefore(form, header.querySelector(".md-header__source"));
  }

  // The same key as render.search_key() in Python: lower case, no apostrophes, words only.
  function nameKey(text) {
    return text.normalize("NFC").toLowerCase().replace(APOSTROPHES, "")
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  // Pagefind drops ' and ’ inside a word but keeps ʼ (a letter to Unicode): drop them all.
  function searchTerm(text) {
    return text.normalize("NFC").replace(APOSTROPHES, "").trim();
  }

  // Pagefind has no stemmer for Ukrainian, and it finds words that begin with a query's words: a
  // Cyrillic word of five letters or more is also searched without its inflected ending, so that
  // "Женева" finds "Женеві" and "Женеви" as "Geneva" finds "Geneva" (a light stemmer: the endings
  // of Ukrainian, and of Russian, nouns and adjectives; at least four letters are kept).
  var ENDINGS = ["ами", "ями", "ові", "еві", "єві", "ого", "ому", "ими", "іми", "ий", "ій", "ою", "ею", "єю", "ам",
    "ям", "ах", "ях", "ів", "їв", "ей", "ом", "ем", "єм", "их", "ім", "им", "ої", "ая", "ые", "ый", "ой", "ы", "а",
    "я", "у", "ю", "і", "ї", "и", "е", "є", "о", "ь"].sort(function (a, b) { return b.length - a.length; });
  function stemmed(term) {
    return term.split(/\s+/).map(function (word) {
      if (!/^[\u0400-\u04ff]{5,}$/.test(word)) { return word; }
      var lower = word.toLowerCase();
      for (var i = 0; i < ENDINGS.length; i++) {
        var end = ENDINGS[i];
        if (lower.length - end.length >= 4 && lower.slice(-end.length) === end) { return word.slice(0, -end.length); }
      }
      return word;
    }).join(" ");
  }

  // Excerpts are Pagefind's escaped text with <mark> around hits: keep text and <mark> only.
  function excerptNode(html) {
    var parsed = document.createElement("template");
    parsed.innerHTML = html;
    var out = document.createElement("p");
    out.className = "search-excerpt";
    parsed.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function link(url, text) {
    var a = document.createElement("a");
    a.href = url;
    a.textContent = text;
    return a;
  }

  function resultItem(data) {
    var item = document.createElement("li");
    item.className = "search-result";
    var title = document.createElement("h2");
    title.className = "search-result__title";
    title.appendChild(link(data.url, data.meta.title || data.url));
    item.appendChild(title);
    item.appendChild(excerptNode(data.excerpt));
    var subs = (data.sub_results || []).filter(function (s) { return s.url !== data.url && s.title !== data.meta.title; }).slice(0, MAX_SUB_RESULTS);
    if (subs.length) {
      var list = document.createElement("ul");
      list.className = "search-result__subs";
      subs.forEach(function (sub) {
        var li = document.createElement("li");
        li.className = "search-sub-result";
        li.appendChild(link(sub.url, sub.title));
        li.appendChild(excerptNode(sub.excerpt));
        list.appendChild(li);
      });
      item.appendChild(list);
    }
    return item;
  }

  function startSearchPage() {
    var target = document.getElementById("search-app");  // not "search": the page heading has that id
    if (!target) { return; }
    target.textContent = "";
    var form = document.createElement("form");
    form.className = "search-form";
    form.setAttribute("role", "search");
    var label = document.createElement("label");
    label.htmlFor = "search-input";
    label.textContent = say("label", "Search the briefings");
    var input = document.createElement("input");
    input.type = "search";
    input.id = "search-input";
    input.name = "q";
    input.autocomplete = "off";
    input.value = new URLSearchParams(window.location.search).get("q") || "";
    form.appendChild(label);
    form.appendChild(input);
    var status = document.createElement("p");
    status.className = "search-status";
    status.setAttribute("role", "status");
    var results = document.createElement("ol");
    results.className = "search-results";
    target.appendChild(form);
    target.appendChild(status);
    target.appendChild(results);
    // After a search is made (Enter, or arriving with ?q= from the header box), focus moves to the
    // results, so a keyboard or screen-reader user lands on them; typing alone never moves it.
    var focusResults = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); focusResults = true; run(); });

    var pagefind = null;
    var latest = 0;
    // Registry names and spellings → their pages, in 64 small files (names/NN.json, written by
    // build.py): a query fetches only the file its key falls in, as render.name_bucket() does.
    var buckets = {};
    function namesFor(key) {
      var sum = 0;
      for (var ch of key) { sum += ch.codePointAt(0); }
      var file = "names/" + String(sum % 64).padStart(2, "0") + ".json";
      if (!buckets[file]) {
        buckets[file] = fetch(new URL(file, base).href).then(function (r) { return r.ok ? r.json() : {}; })
          .catch(function () { return {}; });
      }
      return buckets[file];
    }
    // A large site's index comes in parts (the build lists the further ones in pagefind/parts.json);
    // Pagefind merges them into one search, each part's results ordered with the others by score.
    // Each part also holds a page listing every word of the site (engine.VOCABULARY), so that it
    // searches as one index would; that page is "hidden" and never shown.
    var settings = { baseUrl: base.pathname, excerptLength: 24 };
    var hidden = Object.create(null);
    var parts = fetch(new URL("pagefind/parts.json", base).href)
      .then(function (r) { return r.ok ? r.json() : {}; }).catch(function () { return {}; });
    var loaded = null;
    import(new URL("pagefind/pagefind.js", base).href).then(function (module) {
      loaded = module;
      return Promise.all([loaded.options(settings), parts]);
    }).then(function (ready) {
      var listed = ready[1] || {};
      var further = Array.isArray(listed.parts) ? listed.parts : [];
      (Array.isArray(listed.hidden) ? listed.hidden : []).forEach(function (id) { hidden[id] = true; });
      return Promise.all(further.map(function (part) {
        return loaded.mergeIndex(new URL("pagefind/" + part, base).href, settings);
      }));
    }).then(function () {
      pagefind = loaded;  // searched only once every part is in
      target.setAttribute("data-search-ready", "");
      if (input.value) { focusResults = true; run(); }
    }).catch(function () {
      status.textContent = say("missing", "The search index is missing: build the site with 'python build.py build'.");
    });

    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 150);
    });

    function run() {
      if (!pagefind) { return; }
      var query = input.value;
      var ticket = ++latest;
      var url = new URL(window.location.href);
      url.searchParams.set("q", query);
      window.history.replaceState(null, "", url);
      if (!searchTerm(query)) {
        results.textContent = "";
        status.textContent = "";
        return;
      }
      var term = searchTerm(query), key = nameKey(query);
      namesFor(key).then(function (table) {
        // Pages the query names exactly come first, then Pagefind's results in its order.
        // An own property only: a query such as "constructor" must not reach Object.prototype.
        var own = Object.prototype.hasOwnProperty.call(table, key) && Array.isArray(table[key]) ? table[key] : [];
        // A query that is a spelling of a registry name is also searched as that name in this
        // edition's words, so that "Купянськ" finds what "Kupiansk" finds, on either edition.
        var terms = [term];
        own.forEach(function (entry) {
          [entry[1], entry[2]].forEach(function (spelled) {  // the name, and the name in the other script
            var name = spelled ? searchTerm(String(spelled)) : "";
            if (name && terms.indexOf(name) < 0) { terms.push(name); }
          });
        });
        // For a name, the briefings that mention it before the other pages that do; any other query
        // in Pagefind's relevance order alone.
        var searches = own.length
          ? terms.map(function (t) { return pagefind.search(t, { filters: { kind: "briefing" } }); })
            .concat(terms.map(function (t) { return pagefind.search(t, { filters: { not: { kind: "briefing" } } }); }))
          : [pagefind.search(term)].concat(stemmed(term) !== term ? [pagefind.search(stemmed(term))] : []);
        return Promise.all(searches).then(function (found) {
          var seen = Object.create(null), hits = [];
          found.forEach(function (f) {
            (f ? f.results : []).forEach(function (r) {
              if (!hidden[r.id] && !seen[r.id]) { seen[r.id] = true; hits.push(r); }
            });
          });
          return { hits: hits, own: own };
        });
      }).then(function (found) {
        var hits = found.hits;
        var named = found.own.map(function (entry) {
          return { url: new URL(entry[0], base).pathname, meta: { title: entry[1] }, excerpt: "" };
        });
        var first = {};
        named.forEach(function (data) { first[data.url] = true; });
        return Promise.all(hits.slice(0, MAX_RESULTS).map(function (r) { return r.data(); })).then(function (datas) {
          // A named page that Pagefind also found keeps Pagefind's richer entry, moved to the top.
          var rest = datas.filter(function (d) { return !first[new URL(d.url, base).pathname]; });
          var moved = named.map(function (n) {
            return datas.filter(function (d) { return new URL(d.url, base).pathname === n.url; })[0] || n;
          });
          var total = hits.length + named.length - (datas.length - rest.length);
          // The hits not loaded yet, for the "more" button (those already shown left out).
          var later = hits.slice(MAX_RESULTS);
          return { datas: moved.concat(rest).slice(0, MAX_RESULTS), total: total, later: later,
                   first: first };
        });
      }).then(function (shown) {
        if (ticket !== latest) { return; }  // a newer query has started
        results.textContent = "";
        shown.datas.forEach(function (data) { results.appendChild(resultItem(data)); });
        var count = shown.datas.length;
        function describe() {
          var forms = words.results || {};
          var form = forms[new Intl.PluralRules(document.documentElement.lang || "en").select(shown.total)]
            || (shown.total === 1 ? "%(num)s result for “%(query)s”" : "%(num)s results for “%(query)s”");
          status.textContent = shown.total === 0 ? say("none", "No results for “%(query)s”.", { query: query })
            : form.split("%(num)s").join(shown.total).split("%(query)s").join(query)
              + (shown.total > count ? say("first", ", the first %(num)s shown.", { num: count }) : ".");
        }
        describe();
        showMore(shown.later, function (added) {
          if (ticket !== latest) { return false; }
          added.filter(function (d) { return !shown.first[new URL(d.url, base).pathname]; })
            .forEach(function (data) { results.appendChild(resultItem(data)); count += 1; });
          describe();
          return true;
        });
        if (focusResults) {
          focusResults = false;
          var first = results.querySelector("a");
          if (first) { first.focus(); } else { status.setAttribute("tabindex", "-1"); status.focus(); }
        }
      });
    }

    // A button under the list that loads and shows the next results, MAX_RESULTS at a time, and
    // moves focus to the first of them; it goes when nothing is left.
    var more = null;
    function showMore(later, append) {
      if (more) { more.remove(); more = null; }
      if (!later.length) { return; }
      more = document.createElement("button");
      more.type = "button";
      more.className = "search-more md-button";
      more.textContent = say("more", "Show more results");
      target.appendChild(more);
      more.addEventListener("click", function () {
        var next = later.slice(0, MAX_RESULTS), rest = later.slice(MAX_RESULTS);
        var before = results.children.length;
        Promise.all(next.map(function (r) { return r.data(); })).then(function (datas) {
          if (!append(datas)) { return; }
          var added = results.children[before];
          if (added) { added.querySelector("a").focus(); }
          showMore(rest, append);
        });
      });
    }
  }

  addHeaderBox();
  startSearchPage();
})();
