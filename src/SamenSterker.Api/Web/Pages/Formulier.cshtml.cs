using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SamenSterker.Web.Pages;

/// <summary>
/// The method's question form on paper, for a conversation without a laptop (seed 000: "Dit kan op papier of op de
/// laptop"): the line, or the faces for a child, for the client's side or the professional's; the five questions with room
/// for what went well and what could be better, and the agreement. Typed in afterwards on the check-in page, dated when held.
/// </summary>
public sealed class FormulierModel : PageModel
{
    public bool Faces { get; private set; }
    public bool ForProfessional { get; private set; }

    public IActionResult OnGet(string vorm, string? voor)
    {
        if (vorm is not ("lijn" or "gezichtjes")) return NotFound();
        Faces = vorm == "gezichtjes";
        ForProfessional = voor == "professional" && !Faces;
        return Page();
    }
}
