(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('hs-data').textContent);
  var status = document.getElementById('hs-status');

  // "12,711": thousands separators written out, so the page reads the same in any locale.
  function grouped(text) {
    var sign = text.charAt(0) === '-' ? '-' : '';
    var body = sign ? text.slice(1) : text;
    var point = body.indexOf('.');
    var whole = point < 0 ? body : body.slice(0, point);
    var rest = point < 0 ? '' : body.slice(point);
    return sign + whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + rest;
  }

  // A share as a percentage, places as the report's percent_text: whole percents from 10%.
  function percentText(share, decimals) {
    var p = 100 * share, m = Math.abs(p);
    if (decimals >= 0) return grouped(p.toFixed(decimals)) + '%';
    if (m === 0) return '0%';
    if (m < 0.05) return (p < 0 ? '-' : '') + 'under 0.1%';
    if (m < 100 && m >= 99.95) return (p < 0 ? '-' : '') + 'over 99.9%';
    if (m >= 9.95 && !(m < 100 && m >= 99.5)) return grouped(p.toFixed(0)) + '%';
    return p.toFixed(1) + '%';
  }

  function formatValue(value, decimals, percent) {
    if (value === null || value === undefined || value === '') return '\u2013';
    if (typeof value !== 'number') return String(value);
    if (!isFinite(value)) return String(value);
    if (percent) return percentText(value, decimals);
    var places = decimals;
    if (places < 0) {
      var m = Math.abs(value);
      places = Number.isInteger(value) ? 0 : (m >= 100 ? 1 : (m >= 1 ? 2 : 3));
    }
    return grouped(value.toFixed(places));
  }

  function classColour(g, value) {
    if (typeof value !== 'number' || !isFinite(value)) return null;
    var i = 0;
    while (i < g.breaks.length && value >= g.breaks[i]) ++i;
    return g.colours[i];
  }

  function featureStyle(layer, feature) {
    var s = layer.style, fill = s.fill, stroke = s.stroke;
    if (s.graduated) {
      var c = classColour(s.graduated, (feature.properties || {})[s.graduated.field]);
      if (c) { fill = c; if (s.graduated.stroke_too) stroke = c; }
    }
    return { color: stroke, weight: s.stroke_width, opacity: s.stroke_opacity, fillColor: fill,
             fillOpacity: s.fill_opacity, dashArray: s.dash || null };
  }

  // Popups are DOM built with textContent: no text from the data is ever parsed as HTML.
  function popupContent(layer, feature) {
    var p = feature.properties || {};
    var box = document.createElement('div');
    box.className = 'hs-popup';
    var heading = document.createElement('strong');
    var title = layer.title_field ? p[layer.title_field] : null;
    heading.textContent = (title === null || title === undefined) ? layer.name : String(title);
    box.appendChild(heading);
    var table = document.createElement('table');
    layer.popup.forEach(function (field) {
      var row = table.insertRow();
      var th = document.createElement('th');
      th.textContent = field.label;
      row.appendChild(th);
      row.insertCell().textContent = formatValue(p[field.field], field.decimals, field.percent);
    });
    box.appendChild(table);
    return box;
  }

  // Opened as report.html#hs-figure=ID (export_pngs): the page shows that one figure (the map
  // with its legend, or one chart) filling the window, ready for a screenshot.
  var figureMatch = /^#hs-figure=([A-Za-z0-9_-]+)$/.exec(location.hash);
  var figureId = figureMatch ? figureMatch[1] : null;
  function showOnlyFigure() {
    var figure = document.getElementById('figure-' + figureId);
    if (!figure) { window.hsRecordError('no figure ' + figureId); return; }
    document.body.classList.add('hs-figure-mode');
    figure.classList.add('hs-figure-shown');
    document.body.appendChild(figure);
  }
  if (figureId) showOnlyFigure();

  var map = null, view = null;
  function fitView() {
    if (view && view.isValid()) map.fitBounds(view, { padding: [12, 12], animate: false });
    else map.setView([54, -2], 6, { animate: false });
  }

  function drawMap() {
    map = L.map('hs-map', { zoomSnap: 0.25, zoomAnimation: false, fadeAnimation: false,
                            markerZoomAnimation: false, inertia: false });
    map.attributionControl.setPrefix('Leaflet');
    var baseLayers = {};
    if (data.tile_url) {
      var tiles = L.tileLayer(data.tile_url, { attribution: data.tile_attribution_html, maxZoom: 19 });
      tiles.addTo(map);
      baseLayers['Basemap'] = tiles;
    }
    var overlays = {}, fitted = L.latLngBounds([]), everything = L.latLngBounds([]);
    var drawn = data.layers.map(function (layer, index) {
      var pane = 'hs-pane-' + index;
      map.createPane(pane).style.zIndex = String(410 + index);
      var interactive = layer.popup.length > 0;
      var group = L.geoJSON(layer.geojson, {
        pane: pane,
        interactive: interactive,
        style: function (feature) { return featureStyle(layer, feature); },
        pointToLayer: function (feature, latlng) {
          var style = featureStyle(layer, feature);
          if (layer.style.marker === 'circle') {
            return L.circleMarker(latlng, Object.assign({ radius: layer.style.point_radius, pane: pane,
                                                          interactive: interactive }, style));
          }
          var inner = document.createElement('span');
          inner.style.background = style.fillColor;
          inner.style.borderColor = style.color;
          var size = 2 * layer.style.point_radius;
          return L.marker(latlng, { pane: pane, interactive: interactive, keyboard: false,
            icon: L.divIcon({ className: 'hs-marker hs-marker-' + layer.style.marker, html: inner,
                              iconSize: [size, size] }) });
        },
        onEachFeature: function (feature, item) {
          if (interactive) item.bindPopup(function () { return popupContent(layer, feature); }, { maxWidth: 360 });
        }
      });
      overlays[layer.name_html] = group;
      if (layer.visible) group.addTo(map);
      var features = group.getLayers().length;
      if (features > 0) {
        var b = group.getBounds();
        everything.extend(b);
        if (layer.fit_bounds) fitted.extend(b);
      }
      return { name: layer.name, pane: pane, features: features, visible: layer.visible, group: group,
               interactive: interactive };
    });
    view = fitted.isValid() ? fitted : everything;
    fitView();
    L.control.layers(baseLayers, overlays, { collapsed: false }).addTo(map);
    L.control.scale({ metric: true, imperial: false, maxWidth: 160 }).addTo(map);
    // What was drawn, read back from the page itself: one SVG path or marker per feature.
    drawn.forEach(function (d) {
      var paneElement = map.getPane(d.pane);
      d.drawn = paneElement.querySelectorAll('path').length + paneElement.querySelectorAll('.hs-marker').length;
    });
    if (location.hash === '#hs-self-check') selfCheck(drawn);
    return drawn.map(function (d) {
      return { name: d.name, features: d.features, drawn: d.drawn, visible: d.visible };
    });
  }

  // Opened as report.html#hs-self-check (tests/scripts/check_html_report.py): builds every
  // feature's popup into a hidden box, then opens the first popup of the top visible layer.
  function selfCheck(drawn) {
    var box = document.createElement('div');
    box.id = 'hs-popup-check';
    box.hidden = true;
    document.body.appendChild(box);
    var built = 0, top = null;
    drawn.forEach(function (d) {
      if (!d.interactive) return;
      d.group.eachLayer(function (item) {
        var content = item.getPopup().getContent();
        box.appendChild(typeof content === 'function' ? content(item) : content);
        ++built;
      });
      if (d.visible && d.features > 0) top = d.group;
    });
    if (top) {
      // Leaflet pans the popup into view with an animation: make that pan immediate, so a
      // screenshot taken now shows the final view.
      var panBy = map.panBy;
      map.panBy = function (offset) { return panBy.call(map, offset, { animate: false }); };
      top.getLayers()[0].openPopup();
      map.panBy = panBy;
    }
    status.setAttribute('data-popups', String(built));
  }

  var charts = [];
  function drawCharts() {
    Chart.defaults.animation = false;
    Chart.defaults.responsive = true;
    Chart.defaults.maintainAspectRatio = false;
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.font.size = 13;
    Chart.defaults.color = '#1d2430';
    data.charts.forEach(function (chart) {
      var canvas = document.getElementById('hs-chart-' + chart.id);
      var scatter = chart.kind === 'scatter_line', stacked = chart.kind === 'stacked_bar';
      var type = scatter ? 'scatter' : (stacked ? 'bar' : chart.kind);
      var datasets = chart.series.map(function (s, i) {
        var points = scatter ? s.x.map(function (x, k) { return { x: x, y: s.values[k] }; }) : s.values;
        // Lines differ by dash and marker too, not by colour alone.
        var dashes = [[], [6, 4], [2, 3], [10, 3, 2, 3]];
        var markers = ['circle', 'rect', 'triangle', 'rectRot'];
        return { label: s.name, data: points, borderColor: s.colour, backgroundColor: s.colour,
                 showLine: scatter || undefined, pointRadius: scatter ? 0 : 3, borderWidth: 2,
                 borderDash: type === 'bar' ? undefined : dashes[i % dashes.length],
                 pointStyle: markers[i % markers.length], fill: false, spanGaps: false };
      });
      charts.push(new Chart(canvas, {
        type: type,
        data: { labels: scatter ? undefined : chart.labels, datasets: datasets },
        options: {
          animation: false,
          plugins: { legend: { display: chart.series.length > 1, labels: { usePointStyle: type !== 'bar' } } },
          scales: {
            x: { type: scatter ? 'linear' : 'category', stacked: stacked,
                 title: { display: chart.x_title !== '', text: chart.x_title } },
            y: { stacked: stacked, beginAtZero: true,
                 title: { display: chart.y_title !== '', text: chart.y_title } }
          }
        }
      }));
    });
    return charts.length;
  }

  // Sortable tables: a heading's button sorts by that column, again to reverse. Cells sort by
  // their data-sort number when they have one, else by the number their text reads as, else
  // by their text; ties keep the table's own order.
  function sortKey(cell) {
    var key = cell.getAttribute('data-sort');
    if (key !== null) return { number: parseFloat(key) };
    var text = cell.textContent.trim();
    var n = parseFloat(text.replace(/,/g, '').replace(/%$/, ''));
    return /^-?[\d,]*\.?\d+%?$/.test(text) && isFinite(n) ? { number: n } : { text: text.toLowerCase() };
  }
  function compareKeys(a, b) {
    if (a.number !== undefined && b.number !== undefined) return a.number - b.number;
    if (a.number !== undefined) return -1;  // numbers before text such as "–"
    if (b.number !== undefined) return 1;
    return a.text < b.text ? -1 : (a.text > b.text ? 1 : 0);
  }
  function makeSortable(table) {
    var headings = table.querySelectorAll('thead th');
    var body = table.tBodies[0];
    Array.prototype.forEach.call(body.rows, function (row, i) { row.setAttribute('data-order', String(i)); });
    headings.forEach(function (th, column) {
      var button = th.querySelector('button');
      if (!button) return;
      button.addEventListener('click', function () {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        headings.forEach(function (other) { other.setAttribute('aria-sort', 'none'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var c = compareKeys(sortKey(a.cells[column]), sortKey(b.cells[column]));
          if (!ascending) c = -c;
          return c !== 0 ? c : parseInt(a.getAttribute('data-order'), 10) - parseInt(b.getAttribute('data-order'), 10);
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  // Self-check (#hs-self-check): every sortable column, sorted each way, must come out in
  // order of its keys; the table is left in its own order after.
  function checkSorting() {
    var problems = [], columns = 0;
    document.querySelectorAll('table.sortable').forEach(function (table, t) {
      var body = table.tBodies[0];
      var original = Array.prototype.slice.call(body.rows);
      table.querySelectorAll('thead th').forEach(function (th, column) {
        var button = th.querySelector('button');
        if (!button) return;
        ++columns;
        [1, -1].forEach(function (direction) {
          button.click();
          var want = direction > 0 ? 'ascending' : 'descending';
          if (th.getAttribute('aria-sort') !== want) problems.push('table ' + t + ' column ' + column + ': aria-sort is not ' + want);
          var rows = body.rows;
          for (var i = 1; i < rows.length; ++i) {
            if (direction * compareKeys(sortKey(rows[i - 1].cells[column]), sortKey(rows[i].cells[column])) > 0) {
              problems.push('table ' + t + ' column ' + column + ' ' + want + ': row ' + i + ' out of order');
              break;
            }
          }
        });
      });
      original.forEach(function (row) { body.appendChild(row); });
      table.querySelectorAll('thead th').forEach(function (th) { if (th.querySelector('button')) th.setAttribute('aria-sort', 'none'); });
    });
    status.setAttribute('data-sort-check', problems.length ? 'failed: ' + problems.join('; ') : 'ok: ' + columns + ' columns');
  }

  // Printing: every chart's numbers stay in the file, the paper shows the charts; the map and
  // charts are redrawn for the page width, and back after.
  function beforePrint() {
    charts.forEach(function (c) { c.resize(); });
    if (map) { map.invalidateSize({ animate: false }); fitView(); }
  }

  var layers = [];
  try { layers = drawMap(); } catch (e) { window.hsRecordError('map: ' + e); }
  var chartCount = 0;
  try {
    chartCount = drawCharts();
    // A figure alone is laid out to fill the window: its chart takes the box's final size.
    if (figureId) charts.forEach(function (c) { c.resize(); });
  } catch (e) { window.hsRecordError('charts: ' + e); }
  try {
    document.querySelectorAll('table.sortable').forEach(makeSortable);
    if (location.hash === '#hs-self-check') checkSorting();
  } catch (e) { window.hsRecordError('tables: ' + e); }
  window.addEventListener('beforeprint', beforePrint);
  window.addEventListener('afterprint', beforePrint);
  if (window.matchMedia) {
    var printing = window.matchMedia('print');
    if (printing.addEventListener) printing.addEventListener('change', beforePrint);
  }
  status.setAttribute('data-layers', JSON.stringify(layers));
  status.setAttribute('data-charts', String(chartCount));
  if (figureId) status.setAttribute('data-figure', figureId);
  status.setAttribute('data-errors', String(window.hsErrors.length));
  status.setAttribute('data-status', 'ready');
})();
