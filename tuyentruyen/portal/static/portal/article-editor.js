/* The article editor: Trix in Vietnamese over the form's body box, pictures uploaded into the text.
   On an article never saved, the first picture saves the draft from the form first (data-draft-url);
   the page then edits that draft. Without JavaScript the box stays a plain text area (each line becomes
   a paragraph when saved). */
(function () {
  "use strict";
  var form = document.querySelector("form[data-article-form]");
  var box = form && form.querySelector("textarea[name=body]");
  if (!box || !window.Trix) {
    return;
  }

  Object.assign(window.Trix.config.lang, {
    attachFiles: "Chèn ảnh",
    bold: "Chữ đậm",
    bullets: "Danh sách",
    byte: "byte",
    bytes: "byte",
    captionPlaceholder: "Chú thích ảnh (cũng là mô tả cho người khiếm thị)…",
    code: "Đoạn nguyên văn",
    heading1: "Tiêu đề mục",
    indent: "Thụt vào",
    italic: "Chữ nghiêng",
    link: "Liên kết",
    numbers: "Danh sách đánh số",
    outdent: "Lùi ra",
    quote: "Trích dẫn",
    redo: "Làm lại",
    remove: "Xóa",
    strike: "Gạch ngang",
    undo: "Hoàn tác",
    unlink: "Bỏ liên kết",
    url: "Địa chỉ liên kết",
    urlPlaceholder: "Nhập địa chỉ, ví dụ https://dichvucong.gov.vn",
  });

  // a picture's caption is what the writer types (it also describes the picture to screen readers),
  // never its file name and size
  window.Trix.config.attachments.preview.caption = {name: false, size: false};

  var status = form.querySelector("[data-editor-status]");
  var uploadUrl = form.getAttribute("data-upload-url") || "";
  // On an article never saved: where the draft is saved from the form before its first picture goes up.
  var draftUrl = form.getAttribute("data-draft-url") || "";
  var maxBytes = parseInt(form.getAttribute("data-upload-max") || "0", 10);
  var token = form.querySelector("input[name=csrfmiddlewaretoken]");
  var draft = null; // the draft being saved: every picture dropped meanwhile waits for this one save
  var busy = 0; // a draft save or uploads under way; "Lưu" waits for them rather than save too early
  var submitWaiting = false;

  function say(message) {
    if (status) {
      status.textContent = message;
    }
  }

  box.hidden = true;
  var editor = document.createElement("trix-editor");
  editor.setAttribute("input", box.id);
  editor.setAttribute("aria-label", "Nội dung tin bài");
  editor.className = "article-editor";
  editor.id = box.id + "-editor";
  box.parentNode.insertBefore(editor, box.nextSibling);
  var format = form.querySelector("input[name=body_format]");
  if (format) {
    format.value = "html";
  }

  editor.addEventListener("trix-initialize", function () {
    var tools = editor.toolbarElement &&
      editor.toolbarElement.querySelector("[data-trix-button-group=file-tools]");
    if (tools && !uploadUrl && !draftUrl) {
      tools.hidden = true;
    }
  });

  function post(url, data, onProgress) {
    return new Promise(function (resolve) {
      var request = new XMLHttpRequest();
      request.open("POST", url);
      if (onProgress) {
        request.upload.addEventListener("progress", onProgress);
      }
      request.addEventListener("load", function () {
        var reply = {};
        try {
          reply = JSON.parse(request.responseText || "{}");
        } catch (ignored) {
          reply = {html: request.responseText || ""};
        }
        resolve({status: request.status, reply: reply, address: request.responseURL || ""});
      });
      request.addEventListener("error", function () {
        resolve({status: 0, reply: {}, address: ""});
      });
      request.send(data);
    });
  }

  function useDraft(saved) {
    // From now on the form is the saved draft's: "Lưu" updates it instead of writing a second article.
    uploadUrl = saved.upload_url;
    draftUrl = "";
    form.setAttribute("action", saved.edit_url);
    form.setAttribute("data-upload-url", uploadUrl);
    var cancel = form.querySelector("[data-cancel-link]");
    if (cancel && saved.article_url) {
      cancel.setAttribute("href", saved.article_url);
    }
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", saved.edit_url);
    }
  }

  function savedDraft(answer) {
    if (answer.status === 201 && answer.reply.upload_url) {
      return answer.reply;
    }
    // The same form sent again after a save whose answer was lost: the server sends it to the saved
    // draft's edit page, which says where its pictures go.
    if (answer.status === 200 && answer.reply.html && /\/sua\/$/.test(answer.address.split("?")[0])) {
      var page = new DOMParser().parseFromString(answer.reply.html, "text/html");
      var saved = page.querySelector("form[data-article-form]");
      var cancel = page.querySelector("[data-cancel-link]");
      if (saved && saved.getAttribute("data-upload-url")) {
        return {upload_url: saved.getAttribute("data-upload-url"), edit_url: answer.address.split("?")[0],
                article_url: cancel ? cancel.getAttribute("href") : ""};
      }
    }
    return null;
  }

  function uploadTarget() {
    if (uploadUrl) {
      return Promise.resolve(uploadUrl);
    }
    if (!draft) {
      say("Đang lưu bản nháp để chèn ảnh…");
      draft = post(draftUrl, new FormData(form)).then(function (answer) {
        var saved = savedDraft(answer);
        if (saved) {
          useDraft(saved);
          return saved.upload_url;
        }
        draft = null; // corrected, the form may try again
        throw new Error(answer.reply.error ||
          (answer.status ? "Chưa lưu được bản nháp để chèn ảnh, hãy thử lại."
            : "Mất kết nối khi lưu bản nháp, hãy thử lại."));
      });
    }
    return draft;
  }

  function done() {
    busy -= 1;
    if (busy === 0 && submitWaiting) {
      submitWaiting = false;
      // after Trix has written the picture's address into the form's body box (on its next frame)
      window.requestAnimationFrame(function () {
        window.setTimeout(function () {
          form.requestSubmit();
        }, 0);
      });
    }
  }

  form.addEventListener("submit", function (event) {
    // "Xem trước" (its own formaction) saves nothing and needs not wait
    var elsewhere = event.submitter && event.submitter.hasAttribute("formaction");
    if (busy > 0 && !elsewhere) {
      event.preventDefault();
      submitWaiting = true;
      say("Đang tải ảnh lên; tin bài sẽ được lưu ngay khi xong…");
    }
  });

  editor.addEventListener("trix-file-accept", function (event) {
    var file = event.file;
    if (!uploadUrl && !draftUrl) {
      event.preventDefault();
      say("Lưu bản nháp trước, rồi bấm Sửa để chèn ảnh.");
    } else if (!/^image\/(jpeg|png|webp|gif)$/.test(file.type)) {
      event.preventDefault();
      say("Chỉ chèn được ảnh JPEG, PNG, WebP hoặc GIF.");
    } else if (maxBytes && file.size > maxBytes) {
      event.preventDefault();
      say("Ảnh quá lớn (tối đa " + Math.round(maxBytes / 1048576) + " MB).");
    }
  });

  editor.addEventListener("trix-attachment-add", function (event) {
    var attachment = event.attachment;
    if (!attachment.file) {
      return;
    }
    busy += 1;
    uploadTarget().then(function (url) {
      var data = new FormData();
      data.append("image", attachment.file);
      data.append("csrfmiddlewaretoken", token ? token.value : "");
      if (!submitWaiting) {
        say("Đang tải ảnh lên…");
      }
      return post(url, data, function (progress) {
        if (progress.lengthComputable) {
          attachment.setUploadProgress(progress.loaded / progress.total * 100);
        }
      });
    }).then(function (answer) {
      if (answer.status === 200 && answer.reply.url) {
        attachment.setAttributes({url: answer.reply.url});
        say(submitWaiting && busy === 1 ? "Đã tải ảnh lên; đang lưu tin bài…" : "Đã tải ảnh lên. Nhớ bấm Lưu.");
      } else {
        attachment.remove();
        say(answer.reply.error ||
          (answer.status ? "Chưa tải được ảnh lên, hãy thử lại." : "Mất kết nối khi tải ảnh lên, hãy thử lại."));
      }
    }, function (refusal) {
      // No draft: a "Lưu" that waited goes to the form as usual (its errors shown, or the article made;
      // were this draft made after all, the form's one-time token leads there instead of to a second one).
      attachment.remove();
      say(refusal.message);
    }).then(done, done);
  });
})();
