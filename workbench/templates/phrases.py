"""The English and Korean wording the technique builders put into templates."""

from __future__ import annotations

from workbench.templates.errors import UnsupportedLanguageError

LANGUAGES = ("en", "ko")

EN: dict[str, str] = {
    # structured prompt
    "structured.name": "{kind} about {topic}",
    "structured.kind": "Write a {{kind}} about {{topic}}.",
    "structured.audience": "Address it to {{audience}}.",
    "structured.keywords": "Include these keywords: {{keywords}}.",
    "structured.style": "Write it in this style: {{style}}.",
    "structured.length": "The length should be {{length}}.",
    "structured.structure": "Structure it as follows: {{structure}}.",
    "help.kind": "The kind of output: blog post, tweet thread, research summary...",
    "help.topic": "What it is about.",
    "help.audience": "Who will read it.",
    "help.keywords": "Words that must appear, separated by commas.",
    "help.style": "Tone and style, e.g. friendly and concrete.",
    "help.length": "e.g. about 300 words, or 5 tweets.",
    "help.structure": "e.g. a title, three sections and a summary.",
    # role prompt
    "role.name": "As {persona}",
    "role.system": (
        "You are {{persona}}. Your expertise: {{expertise}}.\n"
        "Answer as this expert would: precise, practical and honest about what you do not know."
    ),
    "help.persona": "Who the model should be, e.g. a senior data engineer.",
    "help.expertise": "What this persona knows best.",
    "help.task": "What you want done.",
    # zero-, one- and few-shot
    "shot.name.zero-shot": "Zero-shot: {instruction}",
    "shot.name.one-shot": "One-shot: {instruction}",
    "shot.name.few-shot": "Few-shot: {instruction}",
    "shot.one_header": "Here is an example I like:",
    "shot.many_header": "Here are examples I like:",
    "shot.input_label": "Input",
    "shot.output_label": "Output",
    "shot.apply": "Now do the same for this input:",
    "shot.similar": "Give me a similar one.",
    "help.instruction": "What the model should do.",
    "help.examples": "Input/output pairs that show what you want.",
    "help.input": "The new input to work on.",
    "help.example_input": "Input of example {number}.",
    "help.example_output": "The output you want for example {number}.",
    # reverse prompt engineering
    "reverse.name": "Reverse prompt engineering",
    "reverse.step1": (
        "You are an expert in prompt engineering for large language models. Today we do "
        "reverse prompt engineering: given a text, you write the prompt that would make a "
        'language model produce that text. If you understand, reply only with "ok".'
    ),
    "reverse.step2": (
        "Give me a simple example of reverse prompt engineering: a short text and the prompt "
        "that would produce it."
    ),
    "reverse.step3": (
        "Now write a technical template for reverse prompt engineering: the parts a good prompt "
        "needs (role, task, topic, audience, style, tone, length, structure, language), each "
        "with a placeholder."
    ),
    "reverse.step4": (
        "Apply reverse prompt engineering to the text below. Write the prompt that would make "
        "a language model write a text like it, capturing its style, content, meaning, language "
        'and feel. Reply with the prompt only.\n\nText:\n"""\n{{text}}\n"""'
    ),
    "help.text": "The text whose prompt you want to find.",
    "reverse.product_name": "Prompt found by reverse prompt engineering",
    # chain of thought
    "cot.name": "Step by step: {task}",
    "cot.example": (
        "Here is a worked example.\nQuestion: {{example_question}}\n"
        "Reasoning and answer: {{example_answer}}\n\nNow solve this one the same way:\n"
    ),
    "cot.closing": (
        "Let's think step by step. Show your reasoning, then give the final answer on a line "
        'starting with "Answer:".'
    ),
    "help.example_question": "A problem like yours.",
    "help.example_answer": "Its solution, reasoned step by step.",
    # tree of thoughts
    "tot.name": "Panel of experts: {question}",
    "tot.prompt": (
        "Imagine {{experts}} different experts are answering this question.\n"
        "Each expert writes down one step of their thinking, then shares it with the group.\n"
        "Then all experts go on to the next step, and so on.\n"
        "If any expert realises they are wrong at any point, they leave.\n"
        "At the end, state the answer the remaining experts agree on.\n\n"
        "The question is: {{question}}"
    ),
    "help.question": "The question or problem to solve.",
    "help.experts": "How many experts think in parallel.",
    "tot.name.propose": "Tree of thoughts: propose an idea",
    "tot.name.judge": "Tree of thoughts: judge a candidate",
    "tot.name.expand": "Tree of thoughts: expand the best idea",
    "tot.propose_system": "You are a careful, creative problem solver.",
    "tot.propose": (
        "Problem:\n{{problem}}\n\nPropose one promising approach or answer in a few sentences. "
        "Be concrete.{% if previous %}\n\nIdeas already proposed (give a different one):\n"
        "{{previous}}{% endif %}"
    ),
    "tot.expand": (
        "Problem:\n{{problem}}\n\nBest partial answer so far:\n{{thought}}\n\n"
        "Build on it: take the next step or make it more complete and more correct."
        "{% if previous %}\n\nIdeas already proposed (give a different one):\n{{previous}}"
        "{% endif %}"
    ),
    "tot.judge": (
        "Problem:\n{{problem}}\n\nCandidate answer:\n{{candidate}}\n\n"
        "Judge how correct, complete and promising this candidate is. Give a short reason, then "
        'a last line in exactly this form: "Score: N/10".'
    ),
    "help.problem": "The problem the tree of thoughts works on.",
    "help.thought": "The best partial answer so far.",
    "help.candidate": "The candidate answer to judge.",
    "help.previous": "Ideas already proposed in this round.",
    # combination
    "combination.name": "Combined: {kind} about {topic}",
    "combination.magic": "Take a deep breath and work on this step by step.",
    # RAG
    "rag.name": "Answer from documents",
    "rag.system": (
        "Answer only from the context below. The context is a numbered list of passages; cite "
        "the passages you use as [n], where n is the passage number. If the context does not "
        "contain the answer, say that you don't know. Do not guess and do not use outside "
        "knowledge."
    ),
    "rag.user": "Context:\n{{context}}\n\nQuestion: {{question}}",
    "help.context": "Numbered passages retrieved from your documents.",
    "help.rag_question": "The question to answer from the context.",
}

KO: dict[str, str] = {
    "structured.name": "{topic}에 관한 {kind}",
    "structured.kind": "{{topic}}에 관한 {{kind}} 한 편을 작성해 주세요.",
    "structured.audience": "대상 독자는 {{audience}}입니다.",
    "structured.keywords": "다음 키워드를 꼭 넣어 주세요: {{keywords}}",
    "structured.style": "다음 문체로 써 주세요: {{style}}",
    "structured.length": "분량은 {{length}} 정도로 맞춰 주세요.",
    "structured.structure": "다음 구성을 따라 주세요: {{structure}}",
    "help.kind": "결과물의 종류: 블로그 글, 트윗 스레드, 연구 요약 등",
    "help.topic": "무엇에 관한 글인지",
    "help.audience": "누가 읽을 글인지",
    "help.keywords": "꼭 들어가야 할 단어 (쉼표로 구분)",
    "help.style": "어조와 문체, 예: 친근하고 구체적으로",
    "help.length": "예: 300단어 내외, 트윗 5개",
    "help.structure": "예: 제목, 세 개의 소제목, 요약",
    "role.name": "{persona}의 관점에서",
    "role.system": (
        "당신은 {{persona}}입니다. 전문 분야는 {{expertise}}입니다.\n"
        "이 분야의 전문가답게 정확하고 실용적으로 답하고, 모르는 부분은 솔직하게 밝혀 주세요."
    ),
    "help.persona": "모델이 맡을 역할, 예: 시니어 데이터 엔지니어",
    "help.expertise": "이 역할이 가장 잘 아는 분야",
    "help.task": "맡기고 싶은 일",
    "shot.name.zero-shot": "제로샷: {instruction}",
    "shot.name.one-shot": "원샷: {instruction}",
    "shot.name.few-shot": "퓨샷: {instruction}",
    "shot.one_header": "마음에 드는 예시입니다:",
    "shot.many_header": "마음에 드는 예시들입니다:",
    "shot.input_label": "입력",
    "shot.output_label": "출력",
    "shot.apply": "이제 다음 입력에 대해서도 같은 방식으로 해 주세요:",
    "shot.similar": "이와 비슷한 것을 하나 더 만들어 주세요.",
    "help.instruction": "모델이 할 일",
    "help.examples": "원하는 결과를 보여 주는 입력/출력 쌍",
    "help.input": "새로 처리할 입력",
    "help.example_input": "예시 {number}의 입력",
    "help.example_output": "예시 {number}에 대해 원하는 출력",
    "reverse.name": "역 프롬프트 엔지니어링",
    "reverse.step1": (
        "당신은 대규모 언어 모델을 위한 프롬프트 엔지니어링 전문가입니다. 오늘은 역 프롬프트 "
        "엔지니어링을 하겠습니다. 역 프롬프트 엔지니어링이란 주어진 글을 보고, 언어 모델이 그 "
        '글을 만들어 내게 하는 프롬프트를 거꾸로 작성하는 방법입니다. 이해했다면 "ok"라고만 '
        "답해 주세요."
    ),
    "reverse.step2": (
        "역 프롬프트 엔지니어링의 간단한 예시를 하나 보여 주세요. 짧은 글과, 그 글을 만들어 낼 "
        "프롬프트를 함께 적어 주세요."
    ),
    "reverse.step3": (
        "이제 역 프롬프트 엔지니어링에 쓸 기술적인 템플릿을 만들어 주세요. 좋은 프롬프트에 "
        "들어가야 할 요소(역할, 과제, 주제, 독자, 문체, 어조, 분량, 구성, 언어)를 각각 자리 "
        "표시자와 함께 정리해 주세요."
    ),
    "reverse.step4": (
        "아래 글에 역 프롬프트 엔지니어링을 적용해 주세요. 언어 모델이 이와 비슷한 글을 쓰게 "
        "하는 프롬프트를 작성하되, 글의 문체, 내용, 의미, 언어, 분위기를 모두 담아 주세요. "
        '프롬프트만 답해 주세요.\n\n글:\n"""\n{{text}}\n"""'
    ),
    "help.text": "프롬프트를 알아내고 싶은 글",
    "reverse.product_name": "역 프롬프트 엔지니어링으로 찾은 프롬프트",
    "cot.name": "단계별 풀이: {task}",
    "cot.example": (
        "다음은 풀이 예시입니다.\n질문: {{example_question}}\n풀이와 답: {{example_answer}}\n\n"
        "이제 같은 방식으로 다음 문제를 풀어 주세요:\n"
    ),
    "cot.closing": (
        "단계별로 차근차근 생각해 봅시다. 추론 과정을 먼저 보여 주고, 마지막 줄에 "
        '"답:"으로 시작하는 최종 답을 적어 주세요.'
    ),
    "help.example_question": "풀려는 문제와 비슷한 문제",
    "help.example_answer": "그 문제의 단계별 풀이와 답",
    "tot.name": "전문가 패널: {question}",
    "tot.prompt": (
        "서로 다른 전문가 {{experts}}명이 이 질문에 답한다고 상상해 보세요.\n"
        "전문가들은 각자 생각의 한 단계를 적어서 모두와 공유합니다.\n"
        "그런 다음 모두 다음 단계로 넘어가고, 이 과정을 반복합니다.\n"
        "어느 전문가든 중간에 자신이 틀렸다는 것을 깨달으면 그 자리에서 빠집니다.\n"
        "마지막에는 남은 전문가들이 동의하는 답을 정리해 주세요.\n\n"
        "질문: {{question}}"
    ),
    "help.question": "풀고 싶은 질문이나 문제",
    "help.experts": "동시에 생각할 전문가 수",
    "tot.name.propose": "생각의 나무: 아이디어 제안",
    "tot.name.judge": "생각의 나무: 후보 평가",
    "tot.name.expand": "생각의 나무: 가장 좋은 아이디어 발전시키기",
    "tot.propose_system": "당신은 신중하면서도 창의적으로 문제를 푸는 사람입니다.",
    "tot.propose": (
        "문제:\n{{problem}}\n\n가능성이 높은 접근 방법이나 답을 몇 문장으로 하나 제안해 주세요. "
        "구체적으로 써 주세요.{% if previous %}\n\n이미 나온 아이디어입니다 (이와 다른 것을 "
        "제안해 주세요):\n{{previous}}{% endif %}"
    ),
    "tot.expand": (
        "문제:\n{{problem}}\n\n지금까지 가장 좋은 중간 답:\n{{thought}}\n\n"
        "이를 바탕으로 다음 단계로 나아가거나, 더 완전하고 정확하게 다듬어 주세요."
        "{% if previous %}\n\n이미 나온 아이디어입니다 (이와 다른 것을 제안해 주세요):\n"
        "{{previous}}{% endif %}"
    ),
    "tot.judge": (
        "문제:\n{{problem}}\n\n후보 답:\n{{candidate}}\n\n"
        "이 후보가 얼마나 정확하고 완전하며 가능성이 있는지 평가해 주세요. 짧게 이유를 적고, "
        '마지막 줄은 반드시 "Score: N/10" 형식으로 써 주세요.'
    ),
    "help.problem": "생각의 나무로 풀 문제",
    "help.thought": "지금까지 가장 좋은 중간 답",
    "help.candidate": "평가할 후보 답",
    "help.previous": "이번 라운드에 이미 나온 아이디어",
    "combination.name": "조합: {topic}에 관한 {kind}",
    "combination.magic": "심호흡을 한 번 하고, 한 단계씩 차근차근 작업해 주세요.",
    "rag.name": "문서 기반 답변",
    "rag.system": (
        "아래 문맥에 있는 내용만으로 답하세요. 문맥은 번호가 매겨진 구절 목록입니다. 답에 사용한 "
        "구절은 [n] 형식으로 출처를 표시하세요 (n은 구절 번호). 문맥에 답이 없으면 모른다고 "
        "말하세요. 추측하거나 문맥 밖의 지식을 사용하지 마세요."
    ),
    "rag.user": "문맥:\n{{context}}\n\n질문: {{question}}",
    "help.context": "문서에서 찾아 온 번호 붙은 구절들",
    "help.rag_question": "문맥을 바탕으로 답할 질문",
}

_TABLES = {"en": EN, "ko": KO}


def wording(language: str) -> dict[str, str]:
    """The builder wording for `language` ('en' or 'ko')."""
    if language not in _TABLES:
        raise UnsupportedLanguageError(language, LANGUAGES)
    return _TABLES[language]
