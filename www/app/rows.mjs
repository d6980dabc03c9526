// A list of editable rows made from a <template> (backend servers, tags): add, remove, read,
// and the element an issue path points at. Each input gets an id, its label, and the row's
// one full-width error line (the row's fields are too narrow for messages).

/**
 * box: the rows' container; template: a <template> of one row (inputs named after `fields`,
 * a `.remove` button, a `.row-error` line); addButton; label: "Backend server";
 * testids: { row, remove } for the rows and their remove buttons; read(get): a row's value,
 * `get(name)` giving an input's text; onChange: after a row is added or removed.
 */
export function createRowList({ box, template, fields, addButton, label, testids, read, onChange }) {
  let seq = 0;
  const rows = () => [...box.querySelectorAll(`:scope > [data-testid="${testids.row}"]`)];

  function renumber() {
    rows().forEach((row, i) => {
      row.setAttribute('aria-label', `${label} ${i + 1}`);
      row.querySelector('.remove').setAttribute('aria-label', `Remove ${label.toLowerCase()} ${i + 1}`);
    });
  }

  function add(values = {}) {
    const row = template.content.firstElementChild.cloneNode(true);
    const n = seq++;
    row.dataset.testid = testids.row;
    const error = row.querySelector('.row-error');
    error.id = `${box.id}-${n}-error`;
    row.setAttribute('aria-describedby', error.id);
    for (const name of fields) {
      const input = row.querySelector(`[name="${name}"]`);
      input.id = `${box.id}-${n}-${name}`;
      input.closest('.field').querySelector('label').htmlFor = input.id;
      input.value = values[name] ?? '';
      input.setAttribute('aria-describedby', error.id);
    }
    const remove = row.querySelector('.remove');
    remove.dataset.testid = testids.remove;
    remove.addEventListener('click', () => {
      const next = row.nextElementSibling ?? row.previousElementSibling;
      row.remove();
      renumber();
      // Keep keyboard focus nearby instead of dropping it on <body>.
      (next?.querySelector('.remove') ?? addButton).focus();
      onChange();
    });
    box.append(row);
    renumber();
    return row;
  }

  addButton.addEventListener('click', () => {
    add().querySelector(`[name="${fields[0]}"]`).focus();
    onChange();
  });

  return {
    box,
    add,
    rows,
    read: () => rows().map((row) => read((name) => row.querySelector(`[name="${name}"]`).value)),
    /** The input `name` of row `index`, or the row itself; null when there is no such row. */
    targetOf(index, name) {
      const row = rows()[index];
      if (!row) return null;
      return (name && row.querySelector(`[name="${name}"]`)) || row;
    },
  };
}
