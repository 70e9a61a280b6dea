// The tag box of the article form: typing a name that is not in the list offers
// 「○○（新しいタグ）」, sent as "new:○○" and created when the article is saved.
// Without JavaScript the box is a plain multiple select of the existing tags.
"use strict";
window.addEventListener("load", () => {
  const $ = window.django && django.jQuery;
  if (!$ || !$.fn.select2) {
    return;
  }
  // Queued after the admin's own jQuery-ready set-up of the box, which this replaces.
  $(() => $("select[data-new-tag]").each((i, element) => {
    const $element = $(element);
    if ($element.data("select2")) {
      $element.select2("destroy");
    }
    $element.select2({
      ajax: {
        data: (params) => ({
          term: params.term,
          page: params.page,
          app_label: element.dataset.appLabel,
          model_name: element.dataset.modelName,
          field_name: element.dataset.fieldName,
        }),
      },
      tags: true,
      createTag: (params) => {
        const name = params.term.trim();
        return name ? { id: `new:${name}`, text: `${name}（新しいタグ）` } : null;
      },
    });
  }));
});
