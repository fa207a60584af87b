// The resident's report page (LIFF): category, photos resized in the browser (a canvas
// re-encode keeps no EXIF, so no GPS leaves the phone), place on the map or 現在地,
// a confirmation step, then the receipt number. A file, not inline: the CSP forbids
// inline scripts on residents' pages.
(function () {
  "use strict";
  var app = document.querySelector("[data-report-app]");
  if (!app) { return; }
  var MAX_SIDE = 1600;
  var maxPhotos = Number(app.dataset.maxPhotos || 4);
  var form = app.querySelector("[data-report-form]");
  var steps = {
    form: app.querySelector("[data-step=form]"),
    confirm: app.querySelector("[data-step=confirm]"),
    done: app.querySelector("[data-step=done]"),
  };
  var photoInput = app.querySelector("#report-photos");
  var photoList = app.querySelector("[data-photo-list]");
  var placeText = app.querySelector("[data-place-text]");
  var photos = [];  // {blob, url}
  function chosenChatPhotos() {
    return Array.prototype.slice.call(app.querySelectorAll("input[name=chat_photos]:checked"));
  }
  var place = null;  // {lat, lng, area}
  var sending = false;

  function show(name) {
    Object.keys(steps).forEach(function (key) { steps[key].hidden = key !== name; });
    window.scrollTo(0, 0);
    var heading = steps[name].querySelector("h1");
    if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
  }

  function setError(field, message) {
    var box = app.querySelector("[data-error-for=" + field + "]");
    if (!box) { return; }
    box.textContent = message || "";
    box.hidden = !message;
  }

  function clearErrors() {
    ["category", "photos", "place", "description"].forEach(function (f) { setError(f, ""); });
  }

  // Photos -------------------------------------------------------------------
  function loadImage(file) {
    if (window.createImageBitmap) {
      return window.createImageBitmap(file, { imageOrientation: "from-image" });
    }
    return new Promise(function (resolve, reject) {
      var image = new Image();
      image.onload = function () { resolve(image); };
      image.onerror = reject;
      image.src = URL.createObjectURL(file);
    });
  }

  function resize(file) {
    return loadImage(file).then(function (image) {
      var scale = Math.min(1, MAX_SIDE / Math.max(image.width, image.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(image.width * scale);
      canvas.height = Math.round(image.height * scale);
      canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve, reject) {
        canvas.toBlob(function (blob) {
          if (blob) { resolve(blob); } else { reject(new Error("toBlob")); }
        }, "image/jpeg", 0.85);
      });
    });
  }

  function renderPhotos() {
    photoList.textContent = "";
    photos.forEach(function (photo, index) {
      var item = document.createElement("li");
      var image = document.createElement("img");
      image.src = photo.url;
      image.alt = "写真" + (index + 1);
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "secondary-button";
      remove.textContent = "写真" + (index + 1) + "を外す";
      remove.addEventListener("click", function () {
        URL.revokeObjectURL(photo.url);
        photos.splice(index, 1);
        renderPhotos();
      });
      item.appendChild(image);
      item.appendChild(remove);
      photoList.appendChild(item);
    });
    app.querySelector("[data-photo-button]").textContent =
      photos.length ? "写真を追加する（" + photos.length + "/" + maxPhotos + "枚）" : "写真を撮る・選ぶ";
  }

  photoInput.addEventListener("change", function () {
    var files = Array.prototype.slice.call(photoInput.files || []);
    photoInput.value = "";
    setError("photos", "");
    var room = maxPhotos - chosenChatPhotos().length - photos.length;
    if (files.length > room) {
      setError("photos", "写真は" + maxPhotos + "枚までです。");
      files = files.slice(0, Math.max(0, room));
    }
    files.reduce(function (chain, file) {
      return chain.then(function () {
        return resize(file).then(function (blob) {
          photos.push({ blob: blob, url: URL.createObjectURL(blob) });
          renderPhotos();
        }).catch(function () {
          setError("photos", "読み取れない写真がありました。別の写真を選んでください。");
        });
      });
    }, Promise.resolve());
  });

  // Place --------------------------------------------------------------------
  var mapElement = app.querySelector("[data-map]");
  var mapConfig = window.reportMap.config(app);
  var map = window.reportMap.create(mapElement, mapConfig, { zoom: 15 });
  var marker = null;

  function describePlace() {
    if (!place) { return "まだ場所が選ばれていません。"; }
    var text = "緯度 " + place.lat.toFixed(5) + "、経度 " + place.lng.toFixed(5);
    if (place.outside) { return text + "（市外のようです。市内の場所を選んでください）"; }
    return place.area ? text + "（" + place.area + "の近く）" : text;
  }

  function choose(lat, lng, pan) {
    place = { lat: lat, lng: lng, area: "" };
    if (marker) { marker.setLatLng([lat, lng]); } else {
      marker = window.L.marker([lat, lng], { icon: window.reportMap.pinIcon("", "chosen") }).addTo(map);
    }
    if (pan) { map.setView([lat, lng], 17); }
    setError("place", "");
    placeText.textContent = describePlace();
    var chosen = place;
    fetch(app.dataset.placeUrl + "?lat=" + lat + "&lng=" + lng, {
      credentials: "same-origin", headers: { Accept: "application/json" },
    }).then(function (response) { return response.json(); }).then(function (data) {
      if (chosen !== place) { return; }
      place.area = data.area || "";
      place.outside = data.within_city === false;
      placeText.textContent = describePlace();
    }).catch(function () {});
  }

  map.on("click", function (event) { choose(event.latlng.lat, event.latlng.lng, false); });

  app.querySelector("[data-here]").addEventListener("click", function () {
    if (!navigator.geolocation) {
      setError("place", "この端末では現在地を使えません。地図を押して選んでください。");
      return;
    }
    placeText.textContent = "現在地を調べています…";
    navigator.geolocation.getCurrentPosition(function (position) {
      choose(position.coords.latitude, position.coords.longitude, true);
    }, function () {
      placeText.textContent = describePlace();
      setError("place", "現在地が分かりませんでした。位置情報の利用を許可するか、地図を押して選んでください。");
    }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
  });

  // Confirm and send ---------------------------------------------------------
  function chosenCategory() {
    return form.querySelector("input[name=category]:checked");
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearErrors();
    var ok = true;
    if (!chosenCategory()) { setError("category", "通報の種類を選んでください。"); ok = false; }
    if (!place) { setError("place", "場所を地図で選ぶか、「現在地を使う」を押してください。"); ok = false; }
    if (chosenChatPhotos().length + photos.length > maxPhotos) {
      setError("photos", "写真は" + maxPhotos + "枚までです。選ぶ写真を減らしてください。");
      ok = false;
    }
    if (!ok) {
      var first = app.querySelector(".field-error:not([hidden])");
      if (first) { first.scrollIntoView({ block: "center" }); }
      return;
    }
    var label = chosenCategory().closest("label").querySelector("span").firstChild.textContent;
    app.querySelector("[data-confirm=category]").textContent = label.trim();
    var confirmPhotos = app.querySelector("[data-confirm=photos]");
    confirmPhotos.textContent = photos.length || chosenChatPhotos().length ? "" : "なし";
    chosenChatPhotos().forEach(function (input, index) {
      var image = document.createElement("img");
      image.src = input.closest("label").querySelector("img").src;
      image.alt = "チャットで送った写真" + (index + 1);
      image.className = "confirm-photo";
      confirmPhotos.appendChild(image);
    });
    photos.forEach(function (photo, index) {
      var image = document.createElement("img");
      image.src = photo.url;
      image.alt = "写真" + (index + 1);
      image.className = "confirm-photo";
      confirmPhotos.appendChild(image);
    });
    app.querySelector("[data-confirm=place]").textContent = describePlace();
    app.querySelector("[data-confirm=address]").textContent = form.address.value.trim() || "なし";
    app.querySelector("[data-confirm=description]").textContent = form.description.value.trim() || "なし";
    show("confirm");
  });

  app.querySelector("[data-back]").addEventListener("click", function () { show("form"); });

  app.querySelector("[data-send]").addEventListener("click", function () {
    if (sending) { return; }
    sending = true;
    var button = this;
    button.disabled = true;
    button.textContent = "送信中…";
    var body = new FormData();
    body.append("category", chosenCategory().value);
    body.append("lat", place.lat.toFixed(6));
    body.append("lng", place.lng.toFixed(6));
    body.append("address", form.address.value);
    body.append("description", form.description.value);
    photos.forEach(function (photo, index) {
      body.append("photos", photo.blob, "photo" + (index + 1) + ".jpg");
    });
    chosenChatPhotos().forEach(function (input) { body.append("chat_photos", input.value); });
    window.liffPage.post(app.dataset.submitUrl, body).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (answer) {
      if (answer.data.ok) {
        app.querySelector("[data-receipt]").textContent = answer.data.receipt_number;
        app.querySelector("[data-department]").textContent = answer.data.department;
        app.querySelector("[data-detail-link]").href = answer.data.url;
        show("done");
        return;
      }
      var errors = answer.data.errors || {};
      Object.keys(errors).forEach(function (field) { setError(field, errors[field]); });
      show("form");
      window.liffPage.toast(answer.data.message || "送れませんでした。", true);
    }).catch(function () {
      window.liffPage.toast("通信できませんでした。電波の良いところでもう一度「送信する」を押してください。", true);
    }).then(function () {
      sending = false;
      button.disabled = false;
      button.textContent = "送信する";
    });
  });
})();
