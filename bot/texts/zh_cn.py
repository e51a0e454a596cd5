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
    cmd_whoami="我的身份",
    cmd_import="导入名录（附文件）",
    cmd_export="导出名录",
    cmd_template="下载导入模板",
    cmd_targets="查找检查对象",
    cmd_target="检查对象详情",
    cmd_inspectors="检查人员名录",
    cmd_items="抽查事项清单",
    cmd_invite="生成绑定邀请链接",
    cmd_unbind="解除账号绑定",
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
    register_names={
        "targets": "检查对象名录",
        "items": "抽查事项清单",
        "inspectors": "检查人员名录",
        "conflicts": "回避关系",
    },
    problems={
        "required": "必填项为空",
        "too_long": "超过 {limit} 个字符",
        "uscc_length": "统一社会信用代码应为 18 位，实际 {length} 位",
        "uscc_chars": "含非法字符 {chars}（不得含 I、O、S、V、Z）",
        "uscc_check": "校验位错误（按 GB 32100-2015 应为 {expected}）",
        "bad_date": "无法识别的日期「{value}」，请写成 2026-03-01 这样的格式",
        "bad_credit": "「{value}」不是有效的信用风险等级，应为 A、B、C、D 之一",
        "bad_category": "「{value}」不是有效的事项类别，应为「一般」或「重点」",
        "bad_status": "「{value}」不是有效的登记状态，应为 {allowed} 之一",
        "bad_bool": "「{value}」无法识别，请填「是」或「否」",
        "bad_number": "「{value}」不是数字",
        "out_of_range": "{value} 超出范围（{low:g}～{high:g}）",
        "bad_phone": "「{value}」不是有效的手机号或固定电话",
        "not_spreadsheet": "无法读取文件：这不是 Excel 或 CSV 表格文件，请上传 .xlsx 或 .csv 文件",
        "other_register": "这像是另一个名录的文件（表头与 {register} 名录相符），请用 /import {register} 导入",
        "too_many_rows": "行数超过 {limit} 行（Excel 的上限），无法导入",
        "too_many_columns": "第 {row} 行用到了超过 {limit} 列：请删去名录以外的列后再导入",
        "line_too_long": "第 {row} 行超过 {limit} 个字符：这不是正常的 CSV 文件",
        "too_many_merged": "合并单元格过多（最多 {ranges} 个合并区域、合计 {cells} 个单元格）：请取消合并后再导入",
        "merged_too_large": "合并区域 {range} 超出可导入的范围（最多 {rows} 行、{columns} 列）：请取消合并后再导入",
        "too_many_parts": "文件内部包含过多部件（{count} 个，上限 {limit} 个）：这不是正常的 Excel 文件",
        "unpacked_too_big": "文件解压后过大（{size} MB，上限 {limit} MB），无法导入",
        "too_compressed": "文件中的 {part} 压缩比异常（{ratio} 倍，上限 {limit} 倍），疑似恶意构造的文件，已拒绝",
        "duplicate": "与第 {row} 行重复",
        "taken": "已被在册人员 {name}（执法证号 {certificate}）使用",
        "no_expiry": "未填写执法证有效期：已导入，但不能参与抽取",
        "expired": "执法证已于 {date} 过期：已导入，但不能参与抽取",
        "unknown_inspector": "执法证号 {value} 不在检查人员名录中，请先导入检查人员",
        "unknown_target": "统一社会信用代码 {value} 不在检查对象名录中，请先导入检查对象",
        "unknown_columns": "已忽略未识别的列：{columns}",
        "unsupported_format": "不支持 {ext} 文件：请上传 .xlsx 或 .csv（.xls 请先另存为 .xlsx）",
        "missing_columns": "缺少必需的列：{columns}",
        "no_header": "没有找到表头行。请使用模板（/template {register}）中的列名",
        "unreadable": "无法读取文件（{reason}）：文件可能已损坏或不是所述格式",
        "constraint": "与数据库中已有数据冲突（唯一性约束），请检查工号、证号等是否重复",
        "empty": "文件中没有数据行",
        "short_row": "只有 {cells} 列，少于表头的 {columns} 列（文件可能不完整），缺少的列按空白导入",
    },
    issue_row="第 {row} 行：{reason}",
    issue_cell="第 {row} 行「{column}」：{reason}",
    issue_error="错误",
    issue_warning="提示",
    issues_csv_header="类型,行号,列,问题",
    issues_file_caption="完整问题清单（可用 Excel 打开）",
    import_usage=(
        "用法：发送 Excel/CSV 文件并在文件说明中写 <code>/import 名录</code>，"
        "或回复一个文件发送 <code>/import 名录</code>。\n"
        "名录：targets（检查对象）、items（抽查事项）、inspectors（检查人员）、"
        "conflicts（回避关系）。\n空白模板：/template 名录"
    ),
    import_working="⏳ 正在导入{register}：{file} …",
    import_too_big=(
        "文件大小 {size} MB，超过 Telegram 机器人 20 MB 的下载上限。请拆分文件，"
        "或由系统管理员在服务器上执行 <code>python -m bot import {register} 文件</code>。"
    ),
    import_ok=(
        "✅ {register}导入完成（{rows} 行）\n"
        "新增 {added}，更新 {updated}，未变 {unchanged}，停用 {deactivated}"
    ),
    import_failed="❌ {register}导入失败，<b>未导入任何数据</b>。共 {count} 处错误：",
    import_more="……另有 {more} 处，完整清单见附件。",
    import_warnings="⚠️ 提示 {count} 条：",
    export_caption="{register}：{count} 条（{time}）。修改后可直接用 /import {name} 导回。",
    template_caption="{register}导入模板：带 * 的列必填，示例行请删除后再填写。",
    register_usage=(
        "请指明名录：targets（检查对象）、items（抽查事项）、inspectors（检查人员）、"
        "conflicts（回避关系）。例如：<code>{command} targets</code>"
    ),
    targets_header="<b>检查对象</b>{query}：共 {total} 个，第 {page}/{pages} 页",
    targets_query="（“{query}”）",
    targets_none="没有找到匹配“{query}”的检查对象。",
    target_line="{n}. {name}{flags}\n    <code>{uscc}</code> · {region} · 信用 {credit}",
    target_card=(
        "<b>{name}</b>{flags}\n"
        "统一社会信用代码：<code>{uscc}</code>\n"
        "主体类型：{entity_type}\n"
        "所属区域：{region}\n"
        "行业：{industry}\n"
        "地址：{address}\n"
        "法定代表人：{legal_representative}\n"
        "联系电话：{phone}\n"
        "登记机关：{registration_authority}\n"
        "登记状态：{registration_status}\n"
        "成立日期：{established_on}\n"
        "信用风险等级：{credit}\n"
        "上次检查：{last_inspected_on}\n\n"
        "<b>检查记录</b>\n{history}"
    ),
    target_usage="用法：<code>/target 统一社会信用代码</code>",
    target_not_found="名录中没有统一社会信用代码为 {uscc} 的检查对象。",
    history_none="暂无检查记录。",
    flag_blacklisted=" 🚫失信",
    flag_abnormal=" ⚠️异常",
    flag_inactive=" （已停用）",
    page_prev="« 上一页",
    page_next="下一页 »",
    inspectors_header="<b>检查人员名录</b>：{total} 人，可参与抽取 {eligible} 人",
    inspector_line="{n}. {name}（{department}）证号 {certificate}，有效期至 {expires}\n    {eligibility} · {bound}",
    item_categories={"general": "一般", "key": "重点"},
    items_header="<b>抽查事项清单</b>：{total} 项",
    item_line="{n}. <code>{code}</code> {name}（{category}）\n    依据：{basis}",
    register_empty="{register}为空。请先用 /import {name} 导入，模板：/template {name}",
    none_value="—",
    eligible="✅ 可参与抽取",
    not_eligible_expired="⛔ 执法证已过期",
    not_eligible_no_expiry="⛔ 未登记执法证有效期",
    not_eligible_inactive="⛔ 已停用",
    bound_yes="已绑定 Telegram",
    bound_no="未绑定 Telegram",
    invite_usage="用法：<code>/invite 执法证号</code>",
    invite_unknown="名录中没有执法证号为 {certificate} 的检查人员。",
    invite_inactive="{name} 已停用（不在岗），不能生成邀请链接。",
    invite_created=(
        "🔗 已为 <b>{name}</b>（执法证号 {certificate}）生成一次性绑定链接，"
        "{days} 天内有效，使用一次后失效：\n{link}\n"
        "请通过单位内部渠道发给本人，本人在手机上点击即可绑定。"
    ),
    invite_rebind_note="\n注意：{name} 目前已绑定其他 Telegram 账号，使用此链接后将改绑到新账号。",
    bind_ok="✅ 绑定成功！{name}，您好。今后的检查任务和截止提醒都会发送到这里。",
    bind_used="此邀请链接已被使用过。如需重新绑定，请联系管理员生成新链接。",
    bind_expired="此邀请链接已过期，请联系管理员重新生成。",
    bind_invalid="邀请链接无效，请检查链接是否完整，或联系管理员。",
    bind_already="您的账号已绑定检查人员 {name}。如需更换，请联系管理员。",
    bind_notice_admin="🔗 {name}（执法证号 {certificate}）已绑定 Telegram 账号 {account}（{method}）。",
    bind_methods={"invite": "邀请链接", "phone": "手机号"},
    share_phone_button="📱 分享我的手机号",
    share_phone_hint="也可以点击下方按钮分享手机号：与检查人员名录中的手机号一致即可绑定。",
    phone_not_own="只能分享您本人的手机号，请使用下方的「分享我的手机号」按钮。",
    phone_no_match="手机号 {phone} 不在检查人员名录中。请联系管理员核对名录，或请管理员生成邀请链接。",
    phone_taken="该手机号对应的检查人员已绑定其他 Telegram 账号，请联系管理员。",
    whoami_inspector=(
        "<b>{name}</b>\n"
        "部门：{department}\n"
        "执法证号：{certificate}\n"
        "有效期至：{expires}\n"
        "抽取资格：{eligibility}\n"
        "Telegram ID：{user_id}"
    ),
    whoami_stranger="您的 Telegram 账号（ID {user_id}）尚未绑定检查人员。请联系管理员获取邀请链接。",
    whoami_admin="您是管理群的管理员（Telegram ID {user_id}）。",
    whoami_member="您是管理群成员，但不是群管理员（Telegram ID {user_id}），不能使用管理命令。",
    unbind_usage="用法：<code>/unbind 执法证号</code>",
    unbind_done="已解除 {name}（执法证号 {certificate}）与 Telegram 账号的绑定。可用 /invite 重新邀请。",
    unbind_not_bound="{name} 尚未绑定 Telegram 账号。",
    unbound_notice="管理员已解除您的 Telegram 账号与检查人员 {name} 的绑定。",
    unknown_message="没有听懂。发送 /help 查看可用命令。",
    button_unknown="此按钮已失效，请重新发送命令。",
    # --- groundwork: infrastructure (floods, pacing) ---
    # --- groundwork: accounts ---
    # --- groundwork: register files ---
    # --- groundwork: registers and jobs ---
)
