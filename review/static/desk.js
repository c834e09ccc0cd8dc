// « Imprimer » on a printable paper of the desk (request, inventory, report): the browser's print dialog.
document.getElementById("print").addEventListener("click", () => window.print());
