"""简体中文 (default)."""

from bot.texts import Texts

ZH_CN = Texts(
    start_stranger=(
        "您好！这里是 <b>SpotCheck 双随机抽查助手</b>，只为本局在册的执法检查人员服务。\n\n"
        "您的 Telegram 账号尚未绑定检查人员名录。请向管理员索取邀请链接，点击即可绑定。"
    ),
    start_inspector=(
        "{name}，您好！您的 Telegram 账号已绑定检查人员名录。\n{status}\n"
        "发送 /whoami 查看登记信息，/help 查看可用命令。"
    ),
    start_admin=(
        "SpotCheck 已在本管理群就绪。\n"
        "名录的导入、导出和查询，以及检查人员的账号绑定，都在本群完成。"
        "发送 /help 查看管理员命令。"
    ),
    start_group_member=(
        "SpotCheck 已在本管理群就绪。管理命令仅限本群管理员使用；如需权限，请联系群管理员。"
    ),
    start_unconfigured_group=(
        "SpotCheck 尚未设置管理群，管理命令暂不可用。\n"
        "如果本群就是局里的管理群，请在 <code>.env</code> 中设置 "
        "<code>ADMIN_CHAT_ID={chat_id}</code> 后重启机器人。"
    ),
    start_foreign_group="SpotCheck 只在本局的管理群中工作，本群不受理任何命令。",
    help_stranger=(
        "<b>如何开始使用</b>\n"
        "您的账号尚未绑定执法检查人员。请向管理员索取邀请链接，点击即可绑定；"
        "也可以点击「分享我的手机号」，与名录中登记的手机号一致即可绑定。\n\n"
        "/start — 开始\n/whoami — 我的身份\n/help — 帮助"
    ),
    help_inspector=(
        "<b>检查人员命令</b>\n"
        "/start — 开始\n"
        "/whoami — 我的登记信息（部门、执法证、抽取资格）\n"
        "/help — 帮助"
    ),
    help_admin=(
        "<b>管理员命令</b>（仅限本群管理员）\n"
        "<b>名录</b>\n"
        "/import 名录 — 导入：发送文件并以此命令作为文件说明，或回复一个文件\n"
        "/export 名录 — 导出为 Excel\n"
        "/template 名录 — 空白导入模板\n"
        "/targets [关键词] — 查找检查对象\n"
        "/target 统一社会信用代码 — 检查对象详情\n"
        "/inspectors — 检查人员名录\n"
        "/items — 抽查事项清单\n"
        "名录：targets（检查对象）、items（抽查事项）、inspectors（检查人员）、conflicts（回避关系）\n\n"
        "<b>抽取</b>\n"
        "/draws — 全部抽取记录（含已作废）\n"
        "/draw 编号 — 查看一次抽取：概要、名单、导出 Excel（编号可只写 第001号 或 1）\n\n"
        "<b>账号</b>\n"
        "/invite 执法证号 — 一次性绑定链接（私聊发给您）\n"
        "/unbind 执法证号 — 解除绑定\n"
        "/whoami — 我的身份\n\n"
        "/status — 运行状态（消息队列、数据库）\n"
        "/help — 帮助"
    ),
    help_group_member=(
        "本群的管理命令仅限群管理员使用。\n"
        "/whoami — 我的身份\n"
        "/help — 帮助\n\n"
        "如果您是执法检查人员，请在与机器人的私聊中发送 /start。"
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
        "no_expiry": "未填写执法证有效期：该人员不能参与抽取",
        "expired": "执法证已于 {date} 过期：该人员不能参与抽取",
        "unknown_inspector": "执法证号 {value} 不在检查人员名录中，请先导入检查人员",
        "unknown_target": "统一社会信用代码 {value} 不在检查对象名录中，请先导入检查对象",
        "unknown_columns": "已忽略未识别的列：{columns}",
        "unsupported_format": "不支持 {ext} 文件：请上传 .xlsx 或 .csv（.xls 请先另存为 .xlsx）",
        "missing_columns": "缺少必需的列：{columns}",
        "no_header": "没有找到表头行。请使用模板（/template {register}）中的列名",
        "unreadable": "无法读取文件（{reason}）：文件可能已损坏或不是所述格式",
        "constraint": "与数据库中已有数据冲突（唯一性约束），请检查工号、证号等是否重复",
        "example_row": "这是导入模板中的示例行，请删除后再导入",
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
        "新增 {added}，更新 {updated}，重新启用 {reactivated}，未变 {unchanged}，停用 {deactivated}"
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
        "🔗 <b>{name}</b>（执法证号 {certificate}）的一次性绑定链接，"
        "{days} 天内有效，使用一次后失效：\n{link}\n"
        "请通过单位内部渠道只发给本人。"
    ),
    invite_rebind_note="\n注意：{name} 目前已绑定其他 Telegram 账号，使用此链接后将改绑到新账号，原账号会收到通知。",
    bind_ok="✅ 绑定成功！{name}，您好，您的 Telegram 账号已与检查人员名录关联。\n{status}",
    bind_used="此邀请链接已被使用过。如需重新绑定，请联系管理员生成新链接。",
    bind_expired="此邀请链接已过期，请联系管理员重新生成。",
    bind_invalid="邀请链接无效，请检查链接是否完整，或联系管理员。",
    bind_already="您的账号已绑定检查人员 {name}。如需更换，请联系管理员。",
    bind_notice_admin="🔗 {name}（执法证号 {certificate}）通过{method}绑定了 Telegram 账号 {account}。",
    bind_methods={"invite": "邀请链接", "phone": "手机号"},
    share_phone_button="📱 分享我的手机号",
    share_phone_hint="也可以点击下方按钮分享手机号：与检查人员名录中的手机号一致即可绑定。",
    phone_not_own="只能分享您本人的手机号，请使用下方的「分享我的手机号」按钮。",
    phone_no_match="手机号 {phone} 不在检查人员名录中。请联系管理员核对名录，或向管理员索取邀请链接。",
    phone_taken="该手机号对应的检查人员已绑定其他 Telegram 账号，请联系管理员。",
    whoami_inspector=(
        "<b>我的身份</b>（Telegram ID {user_id}）\n"
        "已绑定检查人员：<b>{name}</b>\n"
        "部门：{department}\n"
        "执法证号：{certificate}\n"
        "有效期至：{expires}\n"
        "抽取资格：{eligibility}"
    ),
    whoami_stranger=(
        "<b>我的身份</b>（Telegram ID {user_id}）\n"
        "尚未绑定检查人员。如果您是本局执法检查人员，请向管理员索取邀请链接。"
    ),
    whoami_admin="管理群：您是管理员，可以使用管理命令。",
    whoami_member="管理群：您不是管理员。",
    unbind_usage="用法：<code>/unbind 执法证号</code>",
    unbind_done=(
        "已解除 {name}（执法证号 {certificate}）与 Telegram 账号 {account} 的绑定，并已通知本人。\n"
        "此后不能再凭手机号自助绑定；如需重新绑定，请用 /invite 生成新链接。"
    ),
    unbind_not_bound="{name} 尚未绑定 Telegram 账号。",
    unbound_notice="管理员已解除您的 Telegram 账号与检查人员 {name} 的绑定。",
    unknown_message="没有听懂。发送 /help 查看可用命令。",
    button_unknown="此按钮已失效，请重新发送命令。",
    # --- draws ---
    draw_unknown_item="抽查事项清单中没有事项 {code}（或已停用）。",
    draw_no_team="有 {count} 个检查对象无法按规则组成检查组，未进行抽取。第一个：{uscc}，原因：{reason}。请调整规则或补充检查人员后重试。",
    draw_too_few_inspectors="可参与抽取的检查人员只有 {eligible} 名（在岗且执法证在检查期内有效），不足每组 {size} 人，未进行抽取。",
    draw_department_missing="联合抽查需要的部门 {departments} 没有可参与抽取的检查人员，未进行抽取。",
    draw_one_department="可参与抽取的检查人员都在同一部门，无法跨部门组队，未进行抽取。",
    draw_unknown="没有编号为 {code} 的抽取。",
    no_team_reasons={
        "too_few": "符合条件的检查人员不足（回避、工作量或执法证有效期）",
        "cross_department": "符合条件的检查人员都在同一部门，无法跨部门组队",
        "department": "联合抽查所需的某个部门没有符合条件的检查人员",
        "expertise": "没有具备所需专业领域的检查人员",
        "repeat_pair": "只能组成与上次检查相同的人员搭配",
        "search_limit": "组队规则过于复杂，无法在合理时间内找到检查组",
        "": "未知",
    },
    # --- draw wizard ---
    # --- draw views ---
    cmd_draws="抽取记录",
    cmd_draw="查看一次抽取（/draw 编号）",
    draw_ambiguous="编号 {code} 对应多次抽取：{codes}。请输入完整编号。",
    draw_status_names={"preview": "预览中（尚未抽取）", "locked": "已锁定", "cancelled": "已作废"},
    draw_status_marks={"preview": " ⏳预览", "locked": "", "cancelled": " ❌已作废"},
    stratum_names={
        "blacklisted": "严重违法失信",
        "abnormal": "经营异常",
        "A": "A 类",
        "B": "B 类",
        "C": "C 类",
        "D": "D 类",
        "unclassified": "未分类",
    },
    draw_list_separator="、",
    draw_item="<code>{code}</code> {name}",
    draw_window="{start} 至 {end}",
    draw_stratum_line="· {stratum}：名录内 {pool} 个，抽取 {sample} 个",
    draw_team_rules="每组 {size} 人",
    draw_cross_department="，跨部门组队",
    draw_announcement=(
        "📢 <b>双随机抽查抽取结果</b>\n"
        "编号：<b>{code}</b>\n"
        "抽查事项：{items}\n"
        "检查期限：{window}\n"
        "抽取范围：{pool} 个检查对象\n{strata}\n"
        "共抽取 {sample} 个检查对象，并为每个对象随机选派检查组（{team}）。\n\n"
        "名录摘要（SHA-256）：<code>{digest}</code>\n"
        "随机种子：<code>{seed}</code>\n\n"
        "<b>如何复核</b>：管理员用 <code>python -m bot export draw {code} 记录.json</code> "
        "导出公开记录；任何人运行 <code>python -m bot verify 记录.json</code>，"
        "即可不依赖数据库重新推算检查对象和检查组，结果一致时显示 verified。"
    ),
    draw_summary=(
        "<b>{code}</b>{mark}\n"
        "状态：{status}\n"
        "抽查事项：{items}\n"
        "检查期限：{window}\n"
        "年度计划：{plan}\n"
        "检查组：{team}\n"
        "抽取范围：{pool} 个检查对象\n{strata}\n"
        "名录摘要：<code>{digest}</code>\n"
        "随机种子：<code>{seed}</code>\n"
        "抽取结果：{tasks} 个检查对象，其中无检查组 {teamless} 个；回避 {recusals} 人次\n"
        "创建：{created}　锁定：{locked}{cancelled}"
    ),
    draw_cancelled="\n❌ <b>已作废</b>：{at}（操作人 Telegram ID {by}）\n作废原因：{reason}",
    drawn_header="<b>{code}</b>{mark} 抽取名单：共 {total} 个，第 {page}/{pages} 页",
    drawn_line="{n}. {name}\n    <code>{uscc}</code> · {region} · {stratum}\n    检查组：{team}",
    drawn_leader="{name}（组长）",
    drawn_member="{name}",
    drawn_off_team={"recused": "<s>{name}</s>（回避）", "replaced": "<s>{name}</s>（已替换）"},
    drawn_no_team="⚠️ 无检查组，待管理员指定",
    drawn_empty="{code} 还没有抽取名单（尚未抽取）。",
    drawn_task_status={
        "assigned": "已分派",
        "in_progress": "检查中",
        "submitted": "已提交结果",
        "confirmed": "已确认",
        "reviewed": "已审核",
        "published": "已公示",
        "cancelled": "已取消",
    },
    draws_header="<b>抽取记录</b>：共 {total} 次，第 {page}/{pages} 页（新的在前）",
    draws_none="还没有任何抽取记录。",
    draws_line="{n}. <b>{code}</b>{mark}\n    {items} · {window} · 抽取 {count} 个",
    button_drawn_list="📋 名单",
    button_export_xlsx="📥 导出 XLSX",
    button_summary="↩ 概要",
    draw_export_caption="{code} 抽取名单：{count} 个检查对象。",
    target_draw_line="· <b>{code}</b>{mark} · {window}\n    检查组：{team}",
    drawn_xlsx_sheet="抽取名单",
    drawn_xlsx_headers={
        "number": "序号",
        "name": "检查对象",
        "uscc": "统一社会信用代码",
        "region": "区域",
        "industry": "行业",
        "stratum": "分层",
        "team": "检查组",
        "leader": "组长",
        "status": "状态",
    },
    drawn_xlsx_member="{name}（{certificate}）",
    drawn_xlsx_off_team={"recused": "〔回避〕", "replaced": "〔已替换〕"},
    drawn_xlsx_no_team="无检查组",
    drawn_xlsx_footer="抽取编号：{code}　状态：{status}",
    # --- assignments and recusal ---
    # --- plans ---
    # --- groundwork: infrastructure (floods, pacing) ---
    flood_notice="操作过于频繁，请稍后再试。",
    # --- groundwork: accounts ---
    start_admin_private="您好！您是管理群的管理员。管理命令请在管理群中使用；您生成的邀请链接会私聊发到这里。发送 /whoami 查看您的身份。",
    inspector_status={
        "eligible": "执法证有效期至 {date}。",
        "expired": "⚠️ 您的执法证已于 {date} 过期，更新前不能参与抽取。请联系管理员更新名录。",
        "no_expiry": "⚠️ 名录中没有您的执法证有效期，登记前不能参与抽取。请联系管理员。",
        "inactive": "⚠️ 您在检查人员名录中已停用，不能参与抽取。如有疑问，请联系管理员。",
    },
    account_label="{name}（ID {user_id}）",
    account_label_username="{name}（@{username}，ID {user_id}）",
    admin_group_unset=(
        "⛔ 管理群尚未设置，管理命令暂不可用。\n"
        "设置方法：把机器人加入局里的管理群，在群里发送 /start，机器人会回复要写入 "
        "<code>.env</code> 的 <code>ADMIN_CHAT_ID</code>；设置后重启机器人。"
    ),
    whoami_admin_unset="管理群：尚未设置（<code>ADMIN_CHAT_ID</code>）。",
    invite_phone_check="\n本人点击链接后，还需分享名录中登记的手机号确认身份。",
    invite_no_phone_warning="\n⚠️ 名录中没有 {name} 的手机号：任何人点击此链接都会直接绑定，请务必只发给本人。",
    invite_sent_privately="🔗 {name}（执法证号 {certificate}）的一次性绑定链接已私聊发给 {admin}。",
    invite_admin_unreachable=(
        "⚠️ 无法私聊发送邀请链接：您还没有打开过与机器人的私聊。\n"
        "请在 Telegram 中打开 @{bot_username}，点击「开始」（或发送 /start），"
        "然后在本群重新发送 <code>/invite {certificate}</code>。本次生成的链接已作废。"
    ),
    invite_warn_expired="⚠️ 注意：{name} 的执法证已于 {date} 过期，绑定后仍不能参与抽取；请先更新检查人员名录。",
    invite_warn_no_expiry="⚠️ 注意：名录中没有 {name} 的执法证有效期，绑定后仍不能参与抽取；请先补充检查人员名录。",
    bind_confirm_phone=(
        "您正在绑定检查人员 <b>{name}</b>。\n"
        "为确认是本人，请点击下方「📱 分享我的手机号」按钮；手机号需与名录中登记的一致。"
    ),
    bind_same="您的账号已绑定检查人员 {name}，无需重复绑定。",
    bind_inactive="检查人员 {name} 已在名录中停用，不能绑定。如有疑问，请联系管理员。",
    bind_too_many="尝试次数过多，请 {minutes} 分钟后再试。如链接有问题，请联系管理员重新生成。",
    bind_notice_rebind=(
        "🔗 {name}（执法证号 {certificate}）通过{method}改绑到 Telegram 账号 {account}；"
        "原账号 {old_account}已解除绑定，并已通知。"
    ),
    rebound_notice=(
        "您的 Telegram 账号与检查人员 {name} 的绑定已被另一个账号取代（通过管理员生成的邀请链接）。"
        "如非您本人所为，请立即联系管理员。"
    ),
    phone_mismatch=(
        "您分享的手机号 {phone} 与名录中 {name} 登记的手机号不一致，未绑定。"
        "请用本人的 Telegram 账号操作；如手机号已变更，请联系管理员更新名录。"
    ),
    phone_blocked="管理员已解除 {name} 的账号绑定，不能再凭手机号自助绑定。请联系管理员生成新的邀请链接。",
    flow_stale="此按钮已失效（已处理过，或已有更新的步骤），请使用最新的消息。",
    # --- groundwork: register files ---
    # --- groundwork: registers and jobs ---
    job_busy="⏳ 该名录正在导入或停用中，请等它完成后再试。",
    job_interrupted_import="⚠️ {register}导入（{file}）因机器人重启而中断，<b>未导入任何数据</b>，请重新发送文件。",
    job_interrupted_deactivate="⚠️ 停用{register}中缺失条目的操作因机器人重启而中断，<b>未停用任何条目</b>，请重新操作。",
    job_interrupted_draw="⚠️ 抽取因机器人重启而中断，未产生任何结果，请重新抽取。",
    import_no_file="您回复的消息里没有文件。请回复一个 Excel/CSV 文件发送 <code>/import 名录</code>，或发送文件时在说明中写 <code>/import 名录</code>。",
    import_download_failed="❌ 文件下载失败，<b>未导入任何数据</b>。请稍后重新发送。",
    import_missing="名录中另有 {missing} 条不在本文件中，<b>未作改动</b>。如果它们已不再适用，可以停用（停用的条目不参与抽取，历史记录保留）：",
    button_deactivate="停用这 {count} 条",
    button_keep="保持不变",
    missing_kept="好的，保持不变。",
    deactivate_stale="此按钮已过期：该名录之后又有导入或停用操作。如需停用，请重新导入文件。",
    deactivate_working="⏳ 正在停用……",
    deactivate_done="✅ 已停用{register}中不在文件（{file}）里的 {count} 条。历史记录保留，重新导入即可恢复。",
    deactivate_failed="❌ 停用失败，<b>未停用任何条目</b>：{reason}",
    cli_missing_hint="名录中另有 {missing} 条不在文件中，未停用；如需停用，请加 --deactivate-missing 重新导入。",
    target_wrong_check="统一社会信用代码 {uscc} 的校验位不对：按 GB 32100-2015，第 18 位应为 {expected}，即 <code>{corrected}</code>。请核对后重试。",
)
