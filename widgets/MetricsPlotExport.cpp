// MetricsPlot's Export button and its files: PNG, SVG and PDF of the panels,
// CSV of the numbers.
//
// qcustomplot.h declares its signals with the lower-case `signals:` keyword,
// which QT_NO_KEYWORDS (on for the rest of the project) removes. This file
// includes no project header that uses `slots` as a name, so it switches Qt's
// keywords back on for itself.
#undef QT_NO_KEYWORDS

#include "widgets/MetricsPlot.h"
#include "widgets/MetricsPlotInternal.h"

#include <qcustomplot.h>

#include <QFile>
#include <QFileDialog>
#include <QMenu>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QTextStream>
#include <QToolButton>
#include <QToolTip>

#include <cmath>

namespace hialign::widgets {

void MetricsPlot::buildExportMenu()
{
    exportButton_ = new QToolButton(this);
    exportButton_->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(exportButton_);
    exportButton_->setMenu(menu);
    connect(menu, &QMenu::aboutToShow, this, [this, menu] {
        menu->clear();
        menu->addAction(tr("Image (PNG)…"))->setData(QStringLiteral("png"));
        menu->addAction(tr("Vector image (SVG)…"))->setData(QStringLiteral("svg"));
        menu->addAction(tr("Document (PDF)…"))->setData(QStringLiteral("pdf"));
        menu->addAction(tr("Data (CSV)…"))->setData(QStringLiteral("csv"));
    });
    connect(menu, &QMenu::triggered, this, [this](QAction* action) { exportAs(action->data().toString()); });
}

void MetricsPlot::exportAs(const QString& kind)
{
    QString filter;
    if (kind == QLatin1String("png"))
        filter = tr("PNG images (*.png)");
    else if (kind == QLatin1String("svg"))
        filter = tr("SVG images (*.svg)");
    else if (kind == QLatin1String("pdf"))
        filter = tr("PDF documents (*.pdf)");
    else
        filter = tr("CSV files (*.csv)");
    QString path = QFileDialog::getSaveFileName(this, tr("Export the training curves"),
                                                QStringLiteral("training-curves.") + kind, filter);
    if (path.isEmpty())
        return;
    if (!path.endsWith(QLatin1Char('.') + kind, Qt::CaseInsensitive))
        path += QLatin1Char('.') + kind;
    bool ok = false;
    if (kind == QLatin1String("png"))
        ok = exportPng(path);
    else if (kind == QLatin1String("svg"))
        ok = exportSvg(path);
    else if (kind == QLatin1String("pdf"))
        ok = exportPdf(path);
    else
        ok = exportCsv(path);
    if (!ok)
        QToolTip::showText(exportButton_->mapToGlobal(QPoint(0, exportButton_->height())),
                           tr("Could not write %1.").arg(path), exportButton_);
}

bool MetricsPlot::exportPng(const QString& path, int width, int height)
{
    redraw();
    return plot_->savePng(path, width, height, 1.0, -1, 96);
}

bool MetricsPlot::exportPdf(const QString& path)
{
    redraw();
    return plot_->savePdf(path, 0, 0, QCP::epAllowCosmetic, QStringLiteral("HiAlign Workbench"),
                          tr("Training curves"));
}

bool MetricsPlot::exportSvg(const QString& path)
{
    redraw();
    QSvgGenerator generator;
    generator.setFileName(path);
    generator.setSize(plot_->size());
    generator.setViewBox(QRect(QPoint(0, 0), plot_->size()));
    generator.setTitle(tr("Training curves"));
    QCPPainter painter;
    if (!painter.begin(&generator))
        return false;
    plot_->toPainter(&painter, plot_->width(), plot_->height());
    painter.end();
    return QFile::exists(path);
}

bool MetricsPlot::exportCsv(const QString& path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return false;
    QTextStream out(&file);
    out << "run,metric,split,step,value,smoothed\n";
    for (const auto& s : series_) {
        QString run = runName(s->run);
        run.replace(QLatin1Char('"'), QLatin1String("\"\""));
        double acc = 0;
        for (std::size_t i = 0; i < s->x.size(); ++i) {
            acc = smoothing_ * acc + (1.0 - smoothing_) * s->y[i];
            const double debias = 1.0 - std::pow(smoothing_, static_cast<double>(i + 1));
            const double sm = (!s->eval && debias > 0) ? acc / debias : s->y[i];
            out << '"' << run << "\"," << s->metric << ',' << (s->eval ? "eval" : "train") << ','
                << QString::number(s->x[i], 'g', 10) << ',' << QString::number(s->y[i], 'g', 10) << ','
                << QString::number(sm, 'g', 10) << '\n';
        }
    }
    out.flush();
    return file.commit();
}

} // namespace hialign::widgets
