/*
 * The practice map (practices/site/map.py): draws the GeoJSON of the filtered practices as Leaflet markers on the tile
 * server the site is configured with, or without one on the country outlines the site serves. The container carries everything the script needs in data attributes (the
 * GeoJSON URL, the tile URL and attribution, the translated failure message); the page already lists the same
 * practices below the map, so without this script nothing is lost.
 *
 * Keyboard: Leaflet makes the map focusable (arrow keys pan, +/- zoom) and each marker a button in the tab order,
 * named after its practice; Enter opens its popup and focus moves to the practice's link in it. Tab always moves on.
 */
(function () {
  "use strict";

  var container = document.getElementById("practice-map");
  if (!container || !window.L) {
    return;
  }

  function popupContent(properties) {
    // Built from DOM nodes, never from HTML strings: titles and summaries are editors' text.
    var content = document.createElement("div");
    var heading = document.createElement("p");
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = properties.title;
    heading.className = "map-popup__title";
    heading.appendChild(link);
    content.appendChild(heading);
    var place = [properties.municipality, properties.country_name].filter(Boolean).join(", ");
    if (place) {
      var where = document.createElement("p");
      where.className = "map-popup__place";
      where.textContent = place;
      content.appendChild(where);
    }
    if (properties.summary) {
      var summary = document.createElement("p");
      summary.textContent = properties.summary;
      content.appendChild(summary);
    }
    return content;
  }

  function showFailure() {
    var message = document.createElement("p");
    message.className = "notice";
    message.setAttribute("role", "status");
    message.textContent = container.dataset.failedMessage;
    container.replaceWith(message);
  }

  function drawOutlines(map) {
    // No tile server: Natural Earth's country outlines, served by the site (world-atlas's TopoJSON, read by
    // topojson-client), so that markers have a place offline too. Without them the markers still work.
    map.attributionControl.addAttribution(container.dataset.outlinesAttribution);
    fetch(container.dataset.outlinesUrl)
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (topology) {
        var countries = window.topojson.feature(topology, topology.objects.countries);
        L.geoJSON(countries, {
          interactive: false,
          style: { color: "#6b7f8e", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1 },
        }).addTo(map);
      })
      .catch(function () {});
  }

  container.hidden = false;
  var map = L.map(container, { scrollWheelZoom: false, maxZoom: 18 }).setView([50, 15], 4);
  if (container.dataset.tileUrl) {
    L.tileLayer(container.dataset.tileUrl, {
      attribution: container.dataset.tileAttribution,
      maxZoom: 18,
    }).addTo(map);
  } else if (container.dataset.outlinesUrl && window.topojson) {
    container.style.backgroundColor = "#dce9f2"; // the sea
    drawOutlines(map);
  }

  map.on("popupopen", function (event) {
    var link = event.popup.getElement().querySelector("a[href]");
    if (link) {
      link.focus();
    }
  });

  fetch(container.dataset.geojsonUrl, { headers: { Accept: "application/geo+json" } })
    .then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    })
    .then(function (collection) {
      var layer = L.geoJSON(collection, {
        pointToLayer: function (feature, latlng) {
          return L.marker(latlng, { title: feature.properties.title, alt: feature.properties.title, keyboard: true });
        },
        onEachFeature: function (feature, marker) {
          marker.bindPopup(popupContent(feature.properties));
        },
      }).addTo(map);
      if (layer.getLayers().length) {
        map.fitBounds(layer.getBounds(), { maxZoom: 12, padding: [24, 24] });
      }
    })
    .catch(showFailure);
})();
