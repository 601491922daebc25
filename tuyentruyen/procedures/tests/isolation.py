from tuyentruyen.conftest import SECRET_B
from tuyentruyen.procedures.importer import parse_catalogue
from tuyentruyen.procedures.management.commands.load_procedures import DEMO_CATALOGUE
from tuyentruyen.procedures.services import add_synonym, import_catalogue, log_unanswered


def make_world_objects(world):
    parsed = parse_catalogue(DEMO_CATALOGUE.read_bytes())
    import_catalogue(parsed.records[:3], source="demo_catalogue.json", publish_to=world.commune_b)
    world.procedure_code_b = parsed.records[0]["code"]
    world.synonym_b = add_synonym(world.commune_b, f"cách nói {SECRET_B}", "đăng ký khai sinh")
    log_unanswered(world.commune_b, f"câu hỏi {SECRET_B} về thủ tục lạ")
    from tuyentruyen.procedures.models import UnansweredQuestion

    world.question_b = UnansweredQuestion.objects.get(commune=world.commune_b)
    from tuyentruyen.procedures.models import Publication

    world.publication_b = Publication.objects.filter(commune=world.commune_b).first()


PARAMETER_FACTORIES = {
    # public pages only (walked as residents' pages); the catalogue itself is shared, not tenant data
    "procedure_code": lambda world: world.procedure_code_b,
    "synonym_id": lambda world: world.synonym_b.pk,
    "question_id": lambda world: world.question_b.pk,
    "publication_id": lambda world: world.publication_b.pk,
}
