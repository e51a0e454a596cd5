"""简体中文 (default)."""

from bot.texts import Texts

ZH_CN = Texts(
    start_stranger=(
        "您好！这里是 <b>SpotCheck 双随机抽查助手</b>。\n\n"
        "本机器人只为本局在册的执法检查人员服务。您的 Telegram 账号尚未绑定检查人员名录。\n"
        "绑定方法：请管理员在管理群中为您生成邀请链接，点击链接即可完成绑定。"
    ),
    start_inspector=(
        "{name}，您好！您已绑定为执法检查人员。\n"
        "新的检查任务、截止提醒会自动发送到这里。发送 /help 查看可用命令。"
    ),
    start_admin=(
        "SpotCheck 已在本管理群就绪。\n"
        "抽取、导入、提醒升级等操作都在本群完成；检查人员在私聊中接收任务。\n"
        "发送 /help 查看管理员命令。"
    ),
    start_group_member=(
        "SpotCheck 已在本管理群就绪。管理命令仅限本群管理员使用；如需权限，请联系群管理员。"
    ),
    start_unconfigured_group=(
        "SpotCheck 尚未设置管理群。\n"
        "如果本群就是局里的管理群，请在配置中设置 "
        "<code>ADMIN_CHAT_ID={chat_id}</code> 后重启机器人。"
    ),
    start_foreign_group="SpotCheck 只在本局的管理群中工作，本群不受理任何命令。",
    help_stranger=(
        "<b>如何开始使用</b>\n"
        "您的账号尚未绑定执法检查人员。请联系管理员获取邀请链接，点击后即可绑定。\n\n"
        "/start — 开始\n/help — 帮助"
    ),
    help_inspector=(
        "<b>检查人员命令</b>\n/start — 开始\n/help — 帮助\n\n任务分配、截止提醒会自动推送到本对话。"
    ),
    help_admin=(
        "<b>管理员命令</b>（仅限本群管理员）\n"
        "/help — 帮助\n"
        "/status — 运行状态（消息队列、数据库）\n\n"
        "检查人员请在与机器人的私聊中使用。"
    ),
    help_group_member=(
        "本群的管理命令仅限群管理员使用。\n如果您是执法检查人员，请在与机器人的私聊中发送 /start。"
    ),
    cmd_start="开始",
    cmd_help="帮助",
    cmd_status="运行状态",
    status=(
        "<b>运行状态</b>\n"
        "版本：{version}\n"
        "数据库：{database}\n"
        "时区：{timezone}（当前 {now}）\n\n"
        "<b>消息队列</b>\n"
        "待发送：{pending}\n"
        "发送中：{sending}\n"
        "已发送：{sent}\n"
        "无法送达：{undeliverable}\n"
        "被拒绝：{failed}"
    ),
    admin_only="⛔ 只有管理群的管理员可以使用此命令。",
    admin_group_only="⛔ 此命令只能在本局的管理群中使用。",
    error_generic=(
        "⚠️ 抱歉，处理您的请求时出错，已记录日志，未做任何更改。请稍后重试；如仍失败，请联系管理员。"
    ),
    unreachable_notice=(
        "⚠️ <b>消息无法送达</b>：{person}\n"
        "对方从未打开机器人，或已将其屏蔽，后续消息也将无法送达。"
        "请联系本人在 Telegram 中打开 @{bot_username} 并发送 /start。"
    ),
    unknown_person="Telegram 用户 {user_id}",
)
