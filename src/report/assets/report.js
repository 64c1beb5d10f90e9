(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('hs-data').textContent);
  var status = document.getElementById('hs-status');

  function formatValue(value, decimals) {
    if (value === null || value === undefined || value === '') return '\u2013';
    if (typeof value !== 'number') return String(value);
    if (!isFinite(value)) return String(value);
    var places = decimals;
    if (places < 0) {
      var m = Math.abs(value);
      places = Number.isInteger(value) ? 0 : (m >= 100 ? 1 : (m >= 1 ? 2 : 3));
    }
    return value.toFixed(places);
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
      row.insertCell().textContent = formatValue(p[field.field], field.decimals);
    });
    box.appendChild(table);
    return box;
  }

  function drawMap() {
    var map = L.map('hs-map', { zoomSnap: 0.25, zoomAnimation: false, fadeAnimation: false,
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
    var view = fitted.isValid() ? fitted : everything;
    if (view.isValid()) map.fitBounds(view, { padding: [12, 12], animate: false });
    else map.setView([54, -2], 6, { animate: false });
    L.control.layers(baseLayers, overlays, { collapsed: false }).addTo(map);
    L.control.scale({ metric: true, imperial: false }).addTo(map);
    // What was drawn, read back from the page itself: one SVG path or marker per feature.
    drawn.forEach(function (d) {
      var paneElement = map.getPane(d.pane);
      d.drawn = paneElement.querySelectorAll('path').length + paneElement.querySelectorAll('.hs-marker').length;
    });
    if (location.hash === '#hs-self-check') selfCheck(map, drawn);
    return drawn.map(function (d) {
      return { name: d.name, features: d.features, drawn: d.drawn, visible: d.visible };
    });
  }

  // Opened as report.html#hs-self-check (tests/scripts/check_html_report.py): builds every
  // feature's popup into a hidden box, then opens the first popup of the top visible layer.
  function selfCheck(map, drawn) {
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

  function drawCharts() {
    Chart.defaults.animation = false;
    Chart.defaults.responsive = true;
    Chart.defaults.maintainAspectRatio = false;
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    var count = 0;
    data.charts.forEach(function (chart) {
      var canvas = document.getElementById('hs-chart-' + chart.id);
      var scatter = chart.kind === 'scatter_line', stacked = chart.kind === 'stacked_bar';
      var type = scatter ? 'scatter' : (stacked ? 'bar' : chart.kind);
      var datasets = chart.series.map(function (s) {
        var points = scatter ? s.x.map(function (x, i) { return { x: x, y: s.values[i] }; }) : s.values;
        return { label: s.name, data: points, borderColor: s.colour, backgroundColor: s.colour,
                 showLine: scatter || undefined, pointRadius: scatter ? 0 : 2, borderWidth: 2,
                 fill: false, spanGaps: false };
      });
      new Chart(canvas, {
        type: type,
        data: { labels: scatter ? undefined : chart.labels, datasets: datasets },
        options: {
          animation: false,
          plugins: { legend: { display: chart.series.length > 1 } },
          scales: {
            x: { type: scatter ? 'linear' : 'category', stacked: stacked,
                 title: { display: chart.x_title !== '', text: chart.x_title } },
            y: { stacked: stacked, beginAtZero: true,
                 title: { display: chart.y_title !== '', text: chart.y_title } }
          }
        }
      });
      ++count;
    });
    return count;
  }

  var layers = [], charts = 0;
  try { layers = drawMap(); } catch (e) { window.hsRecordError('map: ' + e); }
  try { charts = drawCharts(); } catch (e) { window.hsRecordError('charts: ' + e); }
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (d) { d.open = true; });
  });
  status.setAttribute('data-layers', JSON.stringify(layers));
  status.setAttribute('data-charts', String(charts));
  status.setAttribute('data-errors', String(window.hsErrors.length));
  status.setAttribute('data-status', 'ready');
})();
