from tuyentruyen.procedures.importer import parse_catalogue
from tuyentruyen.procedures.management.commands.load_procedures import DEMO_CATALOGUE
from tuyentruyen.procedures.models import Publication, UnansweredQuestion
from tuyentruyen.procedures.services import add_synonym, import_catalogue, log_unanswered


def make_objects(side):
    # the catalogue is shared; each commune publishes different procedures, so B's code under A's slug is
    # a procedure A does not show
    parsed = parse_catalogue(DEMO_CATALOGUE.read_bytes())
    mine = parsed.records[3 * side.number: 3 * side.number + 3]
    import_catalogue(mine, source="demo_catalogue.json", publish_to=side.commune)
    side.procedure_code = mine[0]["code"]
    side.publication = Publication.objects.filter(commune=side.commune).order_by("pk").first()
    side.synonym = add_synonym(side.commune, f"cách nói {side.marker}", "đăng ký khai sinh")
    log_unanswered(side.commune, f"câu hỏi {side.marker} về thủ tục lạ")
    side.unanswered = UnansweredQuestion.objects.get(commune=side.commune)


PARAMETERS = {
    "procedure_code": lambda side: side.procedure_code,
    "publication_id": lambda side: side.publication.pk,  # the commune's layer of a shared procedure
    "synonym_id": lambda side: side.synonym.pk,
    "question_id": lambda side: side.unanswered.pk,  # an unanswered question (engagement's is a survey's)
}
FIELDS = {"code": lambda side: side.procedure_code,
          "context": lambda side: side.procedure_code}  # the assistant API's follow-up context
