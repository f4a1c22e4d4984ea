// Keyboard movement in the matrix's heatmap: the level cells are one tab stop (a roving
// tabindex); arrow keys move between them, Home/End to the row's ends, Ctrl+Home/End to the
// grid's corners. Every cell is a button.cell with data-row and data-col.

export function moveFocus(event) {
  const cell = event.target.closest("button.cell");
  if (!cell) return;
  const table = cell.closest("table");
  const rows = table.tBodies[0].rows.length;
  const cols = cell.closest("tr").querySelectorAll("button.cell").length;
  let row = Number(cell.dataset.row);
  let col = Number(cell.dataset.col);
  const moves = {
    ArrowRight: () => (col = Math.min(cols - 1, col + 1)),
    ArrowLeft: () => (col = Math.max(0, col - 1)),
    ArrowDown: () => (row = Math.min(rows - 1, row + 1)),
    ArrowUp: () => (row = Math.max(0, row - 1)),
    Home: () => {
      col = 0;
      if (event.ctrlKey) row = 0;
    },
    End: () => {
      col = cols - 1;
      if (event.ctrlKey) row = rows - 1;
    },
  };
  const move = moves[event.key];
  if (!move) return;
  event.preventDefault();
  move();
  const next = table.querySelector(`button.cell[data-row="${row}"][data-col="${col}"]`);
  if (!next) return;
  cell.tabIndex = -1;
  next.tabIndex = 0;
  next.focus();
}
